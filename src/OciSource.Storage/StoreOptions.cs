namespace OciSource.Storage;

/// <summary>Where and how artifacts are stored (flags <c>--storage-path</c>, <c>--storage-adv-addr</c>, <c>--artifact-retention-*</c>, <c>--artifact-max-extract-size</c>, <c>--artifact-max-size</c>).</summary>
public sealed record StoreOptions
{
    /// <summary>Root directory of the store (Flux default <c>/data</c>).</summary>
    public required string Root { get; init; }

    /// <summary><c>host[:port]</c> written into artifact URLs, or a base URL with an <c>http(s)://</c> scheme.</summary>
    public string AdvertisedAddress { get; init; } = "localhost:9090";

    /// <summary>Non-current artifacts older than this are deleted (Flux default 1 minute).</summary>
    public TimeSpan RetentionTtl { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Artifacts kept per object, the current one included (Flux default 2).</summary>
    public int RetentionRecords { get; init; } = 2;

    /// <summary>Bytes an extracted layer may expand to.</summary>
    public long MaxExtractBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Bytes a layer stored as it is (copy mode) may declare, checked against the manifest before any byte is read
    /// or written; files are never preallocated beyond it. 0: unlimited.
    /// </summary>
    public long MaxArtifactBytes { get; init; } = 1L << 30;

    /// <summary>
    /// The algorithm of new artifact digests and of the blob directory new files are stored under
    /// (<c>--artifact-digest-algo</c>, Flux default <c>sha256</c>). Stored files of another algorithm stay valid: they
    /// are verified and served by the algorithm of their recorded digest.
    /// </summary>
    public DigestAlgorithm DigestAlgorithm { get; init; } = DigestAlgorithm.Sha256;

    /// <summary>Entries an extracted layer may hold.</summary>
    public int MaxExtractEntries { get; init; } = 100_000;
}
