using OciSource.Runtime;
using OciSource.Storage;

namespace OciSource.Controller.Hosting;

/// <summary>
/// Removes the store's temporary leftovers each time this replica starts leading, before it reconciles or serves
/// (never at process start: on a shared ReadWriteMany store a follower would delete the leader's work in progress).
/// </summary>
internal sealed class StoreLeftoverCleaner(ArtifactStore store) : ILeaderInitializer
{
    /// <exception cref="IOException">A leftover could not be removed; the host stops.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken) => store.DeleteLeftoversAsync(cancellationToken);
}
