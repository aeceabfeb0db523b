using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>The JOSE header of a service account's signed assertion: RS256, and the key's id.</summary>
internal sealed class ServiceAccountJwtHeader
{
    [JsonPropertyName("alg")]
    public string Algorithm { get; init; } = "RS256";

    [JsonPropertyName("typ")]
    public string Type { get; init; } = "JWT";

    [JsonPropertyName("kid")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? KeyId { get; init; }
}
