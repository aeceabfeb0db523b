using Amazon.Runtime;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// Removes the credentials' secrets from a provider's error text before it becomes a message: AWS signature errors
/// can quote the canonical request, which holds the session token.
/// </summary>
internal static class SecretRedaction
{
    public static string Redact(string text, ImmutableCredentials credentials)
    {
        foreach (var secret in new[] { credentials.Token, credentials.SecretKey })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "<redacted>", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
