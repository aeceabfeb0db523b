namespace OciSource.Storage;

public sealed partial class ArtifactStore
{
    /// <summary>
    /// Flux's storage check of a recorded artifact, which tells a file that is gone (<see cref="ArtifactIntegrity.Missing"/>)
    /// from one that is there and fails <see cref="VerifyAsync"/> (<see cref="ArtifactIntegrity.Corrupt"/>, deleted
    /// as <see cref="VerifyAsync"/> does). A recorded path that is not the object's own is missing and nothing is touched.
    /// </summary>
    /// <exception cref="IOException">The file could not be read or deleted.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while hashing.</exception>
    public async Task<ArtifactIntegrity> CheckAsync(ArtifactKey key, StoredArtifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (!IsOwnPath(key, artifact.Path))
        {
            return ArtifactIntegrity.Missing;
        }

        var path = Path.Combine(Root, ArtifactPath(key, Path.GetFileName(artifact.Path)));
        if (!IsInside(path) || !LeadsToAFile(path))
        {
            return ArtifactIntegrity.Missing;
        }

        return await VerifyAsync(key, artifact, cancellationToken) ? ArtifactIntegrity.Intact : ArtifactIntegrity.Corrupt;
    }

    /// <summary>Whether <paramref name="path"/> is a file, or a link whose final target is one (a link to a removed blob is not).</summary>
    private static bool LeadsToAFile(string path)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is null)
        {
            return file.Exists;
        }

        return file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true };
    }
}
