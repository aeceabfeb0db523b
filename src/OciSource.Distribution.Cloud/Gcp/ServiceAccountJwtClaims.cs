using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// The claims of a service account's assertion for the OAuth 2.0 JWT bearer grant, as Google documents them
/// (developers.google.com/identity/protocols/oauth2/service-account): issuer the service account, the scopes, audience
/// the token URI, issued-at and expiry (at most an hour later) in Unix seconds.
/// </summary>
internal sealed class ServiceAccountJwtClaims
{
    [JsonPropertyName("iss")]
    public required string Issuer { get; init; }

    [JsonPropertyName("scope")]
    public required string Scope { get; init; }

    [JsonPropertyName("aud")]
    public required string Audience { get; init; }

    [JsonPropertyName("iat")]
    public required long IssuedAt { get; init; }

    [JsonPropertyName("exp")]
    public required long ExpiresAt { get; init; }
}
