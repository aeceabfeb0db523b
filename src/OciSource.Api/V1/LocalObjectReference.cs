using System.Text.Json.Serialization;

namespace OciSource.Api.V1;

/// <summary>A Secret or other object in the object's namespace, by name.</summary>
public sealed record LocalObjectReference
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }
}
