using System.Text.Json.Serialization;

namespace OciSource.Api.Tests.Crd.Samples;

/// <summary>An item type for <see cref="SampleRoot"/>: a required string and an optional int64.</summary>
internal sealed record SampleLeaf
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("count")]
    public long? Count { get; init; }
}
