using System.Text.Json.Serialization;

namespace OciSource.Distribution.Content;

/// <summary>The fields that tell what kind of manifest a document is, read before the full parse.</summary>
internal sealed record ManifestProbe
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; }

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    [JsonPropertyName("manifests")]
    public System.Text.Json.JsonElement? Manifests { get; init; }

    [JsonPropertyName("layers")]
    public System.Text.Json.JsonElement? Layers { get; init; }
}
