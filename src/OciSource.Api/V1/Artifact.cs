using System.Text.Json.Serialization;

namespace OciSource.Api.V1;

/// <summary>The stored artifact downstream controllers download (Flux's <c>meta.Artifact</c>).</summary>
public sealed record Artifact
{
    /// <summary>Relative path in the store, e.g. <c>ocirepository/ns/name/sha256:&lt;hex&gt;.tar.gz</c>.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>HTTP address of the file.</summary>
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    /// <summary><c>&lt;tag&gt;@sha256:&lt;hex&gt;</c>, or <c>sha256:&lt;hex&gt;</c> for a digest reference.</summary>
    [JsonPropertyName("revision")]
    public required string Revision { get; init; }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the stored file.</summary>
    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    /// <summary>When the file was written (UTC).</summary>
    [JsonPropertyName("lastUpdateTime")]
    public DateTime LastUpdateTime { get; init; }

    /// <summary>Bytes of the stored file.</summary>
    [JsonPropertyName("size")]
    public long? Size { get; init; }

    /// <summary>The image manifest's annotations.</summary>
    [JsonPropertyName("metadata")]
    public IDictionary<string, string>? Metadata { get; init; }
}
