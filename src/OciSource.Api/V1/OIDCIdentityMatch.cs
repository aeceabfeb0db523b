using System.Text.Json.Serialization;

namespace OciSource.Api.V1;

/// <summary>A keyless signature identity: issuer and subject regular expressions.</summary>
public sealed record OIDCIdentityMatch
{
    [JsonPropertyName("issuer")]
    public required string Issuer { get; init; }

    [JsonPropertyName("subject")]
    public required string Subject { get; init; }
}
