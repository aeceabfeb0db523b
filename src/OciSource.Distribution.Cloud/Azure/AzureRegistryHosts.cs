using System.Text.RegularExpressions;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>
/// Which registries are ACR's and which Entra ID scope their token needs (fluxcd/pkg <c>auth/azure/provider.go</c>):
/// <c>*.azurecr.{io,cn,de,us}</c>, or the suffix of the custom cloud file when one is configured.
/// </summary>
internal static partial class AzureRegistryHosts
{
    /// <summary>Flux's pattern, as its error message shows it (Go's <c>$</c> is the end of the text).</summary>
    public const string Pattern = @"^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$";

    /// <summary>The scope of the Entra ID token ACR exchanges in every public and sovereign cloud (azcontainerregistry's audience).</summary>
    public const string ContainerRegistryScope = "https://containerregistry.azure.net/.default";

    /// <summary>Returns <paramref name="registry"/> when it is an ACR host; otherwise throws Flux's error.</summary>
    /// <exception cref="CloudProviderException">Not an ACR registry, or the custom cloud file is unusable.</exception>
    public static string Parse(string registry, string? environmentFilePath)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (AcrHost().IsMatch(registry))
        {
            return registry;
        }

        if (environmentFilePath is not null)
        {
            AzureEnvironmentFile file;
            try
            {
                file = AzureEnvironmentFile.Read(environmentFilePath);
            }
            catch (CloudProviderException e)
            {
                throw new CloudProviderException($"failed to get container registry suffix from environment file: {e.Message}", e);
            }

            var suffix = file.ContainerRegistryDnsSuffix
                ?? throw new CloudProviderException("failed to get container registry suffix from environment file: containerRegistryDNSSuffix must be set in the environment file");
            return registry.EndsWith(suffix, StringComparison.Ordinal)
                ? registry
                : throw new CloudProviderException($"invalid Azure registry: '{registry}'. must end with {suffix}");
        }

        throw new CloudProviderException($"invalid Azure registry: '{registry}'. must match {Pattern}");
    }

    /// <summary>
    /// The scope of the Entra ID token for any ACR registry: the container registry audience, or with a
    /// custom cloud file its <c>resourceManagerEndpoint</c> + <c>/.default</c> (Flux's fallback when the cloud defines
    /// no registry audience; both <c>resourceManagerEndpoint</c> and <c>tokenAudience</c> must be set).
    /// </summary>
    /// <exception cref="CloudProviderException">The custom cloud file is unusable.</exception>
    public static string Scope(string? environmentFilePath)
    {
        if (environmentFilePath is null)
        {
            return ContainerRegistryScope;
        }

        var file = AzureEnvironmentFile.Read(environmentFilePath);
        return file is { ResourceManagerEndpoint: { } endpoint, TokenAudience: not null }
            ? endpoint + "/.default"
            : throw new CloudProviderException("resourceManagerEndpoint and tokenAudience must be set in the environment file");
    }

    // Go's RE2: '.' never matches a newline, '$' is the end of the text (\z here).
    [GeneratedRegex(@"^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)\z", RegexOptions.CultureInvariant)]
    private static partial Regex AcrHost();
}
