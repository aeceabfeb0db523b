using System.Text.Json;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>
/// The custom cloud file <c>AZURE_ENVIRONMENT_FILEPATH</c> names (the subset of cloud-provider-azure's environment
/// Flux reads): read on every use, at most 64 KiB.
/// </summary>
internal sealed class AzureEnvironmentFile
{
    private const int MaxBytes = 64 * 1024;

    private AzureEnvironmentFile(string? containerRegistryDnsSuffix, string? resourceManagerEndpoint, string? tokenAudience)
    {
        ContainerRegistryDnsSuffix = containerRegistryDnsSuffix;
        ResourceManagerEndpoint = resourceManagerEndpoint;
        TokenAudience = tokenAudience;
    }

    /// <summary><c>containerRegistryDNSSuffix</c>, e.g. <c>azurecr.private</c>.</summary>
    public string? ContainerRegistryDnsSuffix { get; }

    /// <summary><c>resourceManagerEndpoint</c>; with <see cref="TokenAudience"/> it makes the token scope.</summary>
    public string? ResourceManagerEndpoint { get; }

    /// <summary><c>tokenAudience</c>.</summary>
    public string? TokenAudience { get; }

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="CloudProviderException">The file cannot be read or is not a JSON object.</exception>
    public static AzureEnvironmentFile Read(string path)
    {
        byte[] content;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxBytes)
            {
                throw new CloudProviderException($"the Azure environment file '{path}' is larger than {MaxBytes} bytes");
            }

            content = new byte[stream.Length];
            stream.ReadExactly(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CloudProviderException($"failed to read the Azure environment file '{path}': {e.Message}", e);
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CloudProviderException($"the Azure environment file '{path}' does not hold a JSON object");
            }

            return new AzureEnvironmentFile(
                Text(document.RootElement, "containerRegistryDNSSuffix"),
                Text(document.RootElement, "resourceManagerEndpoint"),
                Text(document.RootElement, "tokenAudience"));
        }
        catch (JsonException e)
        {
            throw new CloudProviderException($"the Azure environment file '{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
