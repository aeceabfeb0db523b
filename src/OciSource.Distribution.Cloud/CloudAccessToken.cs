namespace OciSource.Distribution.Cloud;

/// <summary>
/// A provider's access token (AWS credentials, an Entra or Google OAuth2 access token); each provider derives its own
/// type and reads only its own. <see cref="object.ToString"/> never shows the secret.
/// </summary>
public abstract class CloudAccessToken(DateTimeOffset expiresAt)
{
    /// <summary>When the token stops working; the cache keeps what it was used for at most until then.</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"{GetType().Name}(expires {ExpiresAt:O}, <redacted>)";
}
