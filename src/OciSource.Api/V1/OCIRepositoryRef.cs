using System.Text.Json.Serialization;

namespace OciSource.Api.V1;

/// <summary>What to pull: <c>digest</c> wins over <c>semver</c> (with <c>semverFilter</c>), which wins over <c>tag</c>; none means tag <c>latest</c>.</summary>
public sealed record OCIRepositoryRef
{
    /// <summary>An image digest, <c>sha256:&lt;hex&gt;</c>.</summary>
    [JsonPropertyName("digest")]
    public string? Digest { get; init; }

    /// <summary>A Masterminds semver range; the highest matching tag wins.</summary>
    [JsonPropertyName("semver")]
    public string? SemVer { get; init; }

    /// <summary>A regular expression the tags must match before the range is applied.</summary>
    [JsonPropertyName("semverFilter")]
    public string? SemverFilter { get; init; }

    /// <summary>An image tag.</summary>
    [JsonPropertyName("tag")]
    public string? Tag { get; init; }
}
