using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// An OAuth 2.0 token answer (RFC 6749 §5.1) as the metadata server, Google's token endpoint and STS send it. Never
/// shown: <see cref="AccessToken"/> and <see cref="RefreshToken"/> are secrets.
/// </summary>
internal sealed class GoogleTokenAnswer
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    /// <summary>Seconds from now until the token expires.</summary>
    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    /// <summary>A rotated refresh token (<c>external_account_authorized_user</c>); null when the old one stays valid.</summary>
    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    public override string ToString() => "GoogleTokenAnswer(<redacted>)";
}
