namespace OciSource.Storage;

/// <summary>A stored file: <paramref name="Path"/> relative to the store root, <paramref name="Digest"/> <c>&lt;algorithm&gt;:&lt;hex&gt;</c> of its bytes (<see cref="DigestAlgorithm"/>).</summary>
public sealed record StoredArtifact(string Path, string Digest, long Size, DateTimeOffset LastUpdateTime);
