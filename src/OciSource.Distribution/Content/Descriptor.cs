using System.Text.Json.Serialization;

namespace OciSource.Distribution.Content;

/// <summary>An OCI content descriptor: what a manifest says about a blob or a child manifest.</summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    /// <summary>The digest string as the manifest gives it; <see cref="ParsedDigest"/> validates it.</summary>
    [JsonPropertyName("digest")]
    public string DigestText { get; init; } = string.Empty;

    [JsonPropertyName("size")]
    public long Size { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("platform")]
    public Platform? Platform { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <exception cref="FormatException">The descriptor's digest is not a supported digest.</exception>
    [JsonIgnore]
    public Digest ParsedDigest => Digest.Parse(DigestText);
}
