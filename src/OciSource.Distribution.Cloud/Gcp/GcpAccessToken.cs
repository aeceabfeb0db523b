namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>A Google OAuth2 access token (the controller's or a federated/impersonated one). Never shown.</summary>
public sealed class GcpAccessToken(string value, DateTimeOffset expiresAt) : CloudAccessToken(expiresAt)
{
    /// <summary>The bearer token; never logged, never in a message.</summary>
    internal string Value { get; } = value;
}
