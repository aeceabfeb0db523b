using Microsoft.Extensions.Logging.Abstractions;

namespace OciSource.Storage.Tests;

/// <summary>
/// Issue 13 point 14: two replicas share one store (ReadWriteMany). Starting a replica leaves the temporary area alone
/// (the leader may be writing there); only <see cref="ArtifactStore.DeleteLeftoversAsync"/>, which the leader runs
/// after winning the election, removes what a crashed run left behind (ArtifactStoreTests.DeleteLeftovers_RemovesTemporaryLeftovers).
/// </summary>
public sealed class StoreLeftoverTests : IDisposable
{
    private readonly StoreScope _scope = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InitializeAsync_SecondReplicaOnTheSameStore_KeepsTheLeadersTemporaryWork()
    {
        var work = _scope.Store.CreateWorkDirectory();
        var file = Path.Combine(work.FullName, "layer.tar");
        await File.WriteAllTextAsync(file, "being extracted by the leader", Ct);

        var follower = new ArtifactStore(_scope.Options, TimeProvider.System, NullLogger<ArtifactStore>.Instance);
        await follower.InitializeAsync(Ct);

        Assert.True(File.Exists(file), "a starting replica deleted the leader's temporary work");
        Assert.Equal("being extracted by the leader", await File.ReadAllTextAsync(file, Ct));
    }

    public void Dispose() => _scope.Dispose();
}
