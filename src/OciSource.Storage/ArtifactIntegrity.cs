namespace OciSource.Storage;

/// <summary>What <see cref="ArtifactStore.CheckAsync"/> found for a recorded artifact.</summary>
public enum ArtifactIntegrity
{
    /// <summary>The object's own file is there and hashes to the recorded digest.</summary>
    Intact,

    /// <summary>
    /// No such file of the object's: never stored, removed, a link whose blob is gone, or a recorded path that is not
    /// the object's own. Nothing was touched.
    /// </summary>
    Missing,

    /// <summary>The file was there but did not hash to the recorded digest (or did not lead to a blob of the store); it has been deleted.</summary>
    Corrupt,
}
