namespace OciSource.Storage;

/// <summary>A stored file: <paramref name="Path"/> relative to the store root, <paramref name="Digest"/> <c>sha256:&lt;hex&gt;</c> of its bytes.</summary>
public sealed record StoredArtifact(string Path, string Digest, long Size, DateTimeOffset LastUpdateTime);
