using System.Text.Json.Serialization;

namespace OciSource.Distribution.Auth;

/// <summary>A token endpoint's answer (Docker token spec and its OAuth2 variant).</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    /// <summary>Seconds; the spec's default is 60 when absent.</summary>
    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }
}
