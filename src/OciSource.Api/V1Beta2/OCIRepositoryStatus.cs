using System.Text.Json.Serialization;

namespace OciSource.Api.V1Beta2;

/// <summary>The v1beta2 status: v1's fields plus the deprecated <c>contentConfigChecksum</c>.</summary>
public sealed record OCIRepositoryStatus : V1.OCIRepositoryStatus
{
    /// <summary>Deprecated and unused: <c>sha256:&lt;hex&gt;</c> of ignore + layer selector (removed in v1).</summary>
    [JsonPropertyName("contentConfigChecksum")]
    public string? ContentConfigChecksum { get; init; }
}
