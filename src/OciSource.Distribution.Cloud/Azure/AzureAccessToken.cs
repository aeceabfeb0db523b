namespace OciSource.Distribution.Cloud.Azure;

/// <summary>An Entra ID access token for the container registry scope; <see cref="object.ToString"/> never shows it.</summary>
internal sealed class AzureAccessToken(string token, DateTimeOffset expiresAt) : CloudAccessToken(expiresAt)
{
    /// <summary>The bearer token ACR exchanges. Never logged, never in a message.</summary>
    public string Token { get; } = token;
}
