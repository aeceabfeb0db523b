using Microsoft.Extensions.Logging.Abstractions;
using OciSource.Testing;

namespace OciSource.Storage.Tests;

/// <summary>A fresh store in a private temporary directory, deleted afterwards.</summary>
internal sealed class StoreScope : IDisposable
{
    public StoreScope(int retentionRecords = 2, TimeSpan? retentionTtl = null, long maxExtractBytes = 1L << 30, int maxExtractEntries = 100_000, DigestAlgorithm? digestAlgorithm = null)
    {
        Directory = TestEnvironment.CreateWorkDirectory("store");
        Options = new StoreOptions
        {
            Root = Path.Combine(Directory, "data"),
            AdvertisedAddress = "source-controller.flux-system.svc.cluster.local.",
            RetentionRecords = retentionRecords,
            RetentionTtl = retentionTtl ?? TimeSpan.FromMinutes(1),
            MaxExtractBytes = maxExtractBytes,
            MaxExtractEntries = maxExtractEntries,
            DigestAlgorithm = digestAlgorithm ?? DigestAlgorithm.Sha256,
        };
        Store = new ArtifactStore(Options, TimeProvider.System, NullLogger<ArtifactStore>.Instance);
        Store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public string Directory { get; }

    public StoreOptions Options { get; }

    public ArtifactStore Store { get; }

    public string Scratch(string name)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(Directory);
}
