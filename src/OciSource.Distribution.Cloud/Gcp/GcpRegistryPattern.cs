using System.Text.RegularExpressions;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>The registries of the gcp provider, as fluxcd/pkg <c>auth/gcp</c> accepts them.</summary>
internal static partial class GcpRegistryPattern
{
    /// <summary>Flux's pattern: Container Registry, Artifact Registry, and the S3NS sovereign cloud registry.</summary>
    public const string Pattern = @"^(((.+\.)?gcr\.io)|(.+-docker\.pkg\.dev)|(docker\.s3nsregistry\.fr))$";

    /// <summary>Checks <paramref name="registry"/> (<c>host[:port]</c>).</summary>
    /// <exception cref="CloudProviderException">Not a GCP registry; Flux's message.</exception>
    public static void Check(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!Registry().IsMatch(registry))
        {
            throw new CloudProviderException($"invalid GCP registry: '{registry}'. must match {Pattern}");
        }
    }

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Registry();
}
