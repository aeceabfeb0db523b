using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// The claims of a self-signed JWT used directly as an access token (google.aip.dev/auth/4111, "JWT with scope"): issuer
/// and subject the service account, the scopes, issued-at and expiry in Unix seconds; no audience.
/// </summary>
internal sealed class SelfSignedJwtClaims
{
    [JsonPropertyName("iss")]
    public required string Issuer { get; init; }

    [JsonPropertyName("sub")]
    public required string Subject { get; init; }

    [JsonPropertyName("scope")]
    public required string Scope { get; init; }

    [JsonPropertyName("iat")]
    public required long IssuedAt { get; init; }

    [JsonPropertyName("exp")]
    public required long ExpiresAt { get; init; }
}
