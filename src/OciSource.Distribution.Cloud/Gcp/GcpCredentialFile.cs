using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Reads the controller's credential file as Application Default Credentials do (<c>GOOGLE_APPLICATION_CREDENTIALS</c>):
/// the file's own <c>type</c> picks the credential, which Google.Apis.Auth's <see cref="CredentialFactory"/> builds.
/// </summary>
internal static class GcpCredentialFile
{
    private const int MaxFileBytes = 256 * 1024;

    /// <exception cref="CloudProviderException">The file cannot be read or is not a credential the SDK knows.</exception>
    public static async Task<GoogleCredential> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var prefix = $"failed to load the credential file {path} ({GcpProviderSettings.CredentialsFileVariable})";
        try
        {
            await using var stream = File.OpenRead(path);
            var json = System.Text.Encoding.UTF8.GetString(await BoundedReader.ReadAsync(stream, MaxFileBytes, "credential file", cancellationToken).ConfigureAwait(false));
            string? type;
            using (var document = JsonDocument.Parse(json))
            {
                type = document.RootElement.ValueKind == JsonValueKind.Object
                       && document.RootElement.TryGetProperty("type", out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            }

            if (string.IsNullOrEmpty(type))
            {
                throw new CloudProviderException($"{prefix}: the file has no \"type\"");
            }

            return CredentialFactory.FromJson(json, type);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException
                                  or NotImplementedException or ArgumentException or Errors.ContentTooLargeException)
        {
            // The SDK's messages name the problem, not the file's secrets (it never echoes the private key).
            throw new CloudProviderException($"{prefix}: {(e is JsonException ? "not JSON" : e.Message)}", e);
        }
    }
}
