using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OciSource.Storage;

/// <summary>
/// The content-addressed artifact store. Every stored file exists once as <c>blobs/&lt;algorithm&gt;/&lt;hex&gt;</c>
/// (named by the hash of its bytes with <see cref="StoreOptions.DigestAlgorithm"/>; files stored under another
/// algorithm before it was changed stay valid and are verified, served and collected by their own directory's algorithm); the per-object paths Flux uses (<c>&lt;kind&gt;/&lt;ns&gt;/&lt;name&gt;/&lt;file&gt;</c>
/// and <c>latest.tar.gz</c>) are relative symbolic links to it, so identical content from any number of objects takes
/// the space of one copy. Files are written to <c>.tmp/</c>, hashed while written (content that verifies itself is only counted), flushed to disk and renamed into
/// place; a link is replaced atomically; so a partial or unverified file is never reachable. Writes of one object are
/// serialised. Blobs no path links any more are removed by garbage collection.
/// </summary>
public sealed partial class ArtifactStore
{
    public const string LatestFileName = "latest.tar.gz";
    private const string BlobsDirectory = "blobs";
    private const string TempDirectory = ".tmp";

    /// <summary>Files up to this size are verified with synchronous reads.</summary>
    private const long SynchronousHashLimit = 1024 * 1024;

    /// <summary>Unlinked blobs younger than this survive a sweep (a concurrent store may be about to link them).</summary>
    private static readonly TimeSpan SweepGrace = TimeSpan.FromMinutes(1);

    private readonly StoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ArtifactStore> _logger;
    private readonly ConcurrentDictionary<ArtifactKey, SemaphoreSlim> _locks = new();
    private readonly DigestAlgorithm _algorithm;

    public ArtifactStore(StoreOptions options, TimeProvider timeProvider, ILogger<ArtifactStore> logger)
    {
        _options = options;
        _time = timeProvider;
        _logger = logger;
        Root = Path.GetFullPath(options.Root);
        _algorithm = options.DigestAlgorithm;
    }

    /// <summary>Absolute path of the store root.</summary>
    public string Root { get; }

    /// <summary>Raised with a blob's digest (<c>&lt;algorithm&gt;:&lt;hex&gt;</c>) after the store deleted it (so a server drops what it holds open).</summary>
    internal event Action<string>? BlobDeleted;

    /// <summary>
    /// Creates the store's directories and checks that the store is writable (a file is created and removed in the
    /// temporary area). The temporary area itself is left alone: on a store shared by replicas (ReadWriteMany) the
    /// leader may be writing there; <see cref="DeleteLeftoversAsync"/> removes leftovers once this replica leads.
    /// </summary>
    /// <exception cref="IOException">The store cannot be created or written (read-only file system, disk full, …).</exception>
    /// <exception cref="UnauthorizedAccessException">The process may not write the store.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(BlobDirectory(_algorithm));
        Directory.CreateDirectory(Path.Combine(Root, TempDirectory));
        var probe = TempFile();
        using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Removes everything in the temporary area (work a crashed or replaced leader left behind). Call it only while
    /// this replica leads and before it starts writing: on a shared store another replica's work would be lost.
    /// </summary>
    /// <exception cref="IOException">A leftover could not be removed.</exception>
    public Task DeleteLeftoversAsync(CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Root, TempDirectory);
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        return Task.CompletedTask;
    }

    /// <summary><c>&lt;kind&gt;/&lt;ns&gt;/&lt;name&gt;/&lt;fileName&gt;</c>, relative to the root.</summary>
    /// <exception cref="ArgumentException">A part is empty, <c>.</c>, <c>..</c> or contains a path separator.</exception>
    public static string ArtifactPath(ArtifactKey key, string fileName)
    {
        foreach (var part in new[] { key.Kind, key.Namespace, key.Name, fileName })
        {
            if (string.IsNullOrEmpty(part) || part is "." or ".." || part.Contains('/', StringComparison.Ordinal) || part.Contains('\\', StringComparison.Ordinal))
            {
                throw new ArgumentException($"invalid path element '{part}'", nameof(key));
            }
        }

        return $"{key.Directory}/{fileName}";
    }

    /// <summary>Flux's artifact URL: <c>http://&lt;adv&gt;/&lt;path&gt;</c>, or <c>&lt;adv&gt;/&lt;path&gt;</c> when the address has a scheme.</summary>
    public string Url(string relativePath)
    {
        var advertised = _options.AdvertisedAddress.TrimEnd('/');
        return advertised.StartsWith("http://", StringComparison.Ordinal) || advertised.StartsWith("https://", StringComparison.Ordinal)
            ? $"{advertised}/{relativePath}"
            : $"http://{advertised}/{relativePath}";
    }

    /// <summary>The URL of the object's <c>latest.tar.gz</c> alias.</summary>
    public string LatestUrl(ArtifactKey key) => Url(ArtifactPath(key, LatestFileName));

    /// <summary>
    /// Stores <paramref name="content"/> (read to its end) as the object's <paramref name="fileName"/> and points
    /// <c>latest.tar.gz</c> at it. Nothing is reachable until the whole stream was read and flushed; a failure
    /// (including one thrown by the stream, e.g. a digest mismatch) leaves the previous files as they were.
    /// </summary>
    public Task<StoredArtifact> StoreFileAsync(ArtifactKey key, string fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return StoreAsync(key, fileName, (destination, ct) => OverlappedCopy.CopyAsync(content, destination, ct), expectedSize: null, vouchedHex: null, cancellationToken);
    }

    /// <summary>
    /// As <see cref="StoreFileAsync(ArtifactKey, string, Stream, CancellationToken)"/>, for content that verifies
    /// itself while it is read: the read that reaches its end throws when the bytes do not hash to
    /// <paramref name="sha256Hex"/> (as the registry client's blob streams do), so the store does not hash them a second
    /// time when the store's algorithm is sha256 (with another algorithm the bytes are hashed with it as they are written).
    /// The file is preallocated to <paramref name="size"/>; a different byte count fails with
    /// <see cref="InvalidDataException"/> and nothing is stored.
    /// </summary>
    public Task<StoredArtifact> StoreVerifiedFileAsync(
        ArtifactKey key, string fileName, Stream content, string sha256Hex, long size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        RequireSha256Hex(sha256Hex);
        ArgumentOutOfRangeException.ThrowIfNegative(size);

        var vouched = _algorithm == DigestAlgorithm.Sha256 ? sha256Hex : null;
        return StoreAsync(key, fileName, (destination, ct) => OverlappedCopy.CopyAsync(content, destination, ct), size, vouched, cancellationToken);
    }

    /// <summary>
    /// Stores the object's <paramref name="fileName"/> as a link to the blob <paramref name="sha256Hex"/> when the store
    /// already holds it — <paramref name="size"/> bytes that hash to its name (brought in by another object or an earlier
    /// revision) — and <paramref name="provenReadable"/> confirms the object may read that content itself, so the
    /// caller need not download it again; null otherwise. The store holding a blob proves nothing about who may have
    /// it (another tenant brought it in): <paramref name="provenReadable"/> (e.g. the object's own registry answering a
    /// HEAD for the digest) is called once, only when the store holds the blob, before anything is linked; false or an
    /// exception from it links nothing. A blob that fails the hash check is deleted. Like a store, it points
    /// <c>latest.tar.gz</c> at the file. Only a store whose algorithm is sha256 can find a blob by the registry's
    /// sha256; with another algorithm this is always null (the caller downloads).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sha256Hex"/> is not 64 lowercase hex digits.</exception>
    public async Task<StoredArtifact?> TryStoreExistingAsync(
        ArtifactKey key, string fileName, string sha256Hex, long size, Func<CancellationToken, Task<bool>> provenReadable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provenReadable);
        RequireSha256Hex(sha256Hex);
        if (_algorithm != DigestAlgorithm.Sha256)
        {
            return null;
        }

        var relative = ArtifactPath(key, fileName);
        var blob = new FileInfo(Path.Combine(BlobDirectory(_algorithm), sha256Hex));
        if (!blob.Exists || blob.LinkTarget is not null || blob.Length != size || !await provenReadable(cancellationToken))
        {
            return null;
        }

        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Touched first: a sweep spares blobs modified within its grace period, so it cannot remove this one while it is checked and linked.
            File.SetLastWriteTimeUtc(blob.FullName, _time.GetUtcNow().UtcDateTime);
            var actual = await HashFileAsync(blob.FullName, _algorithm, cancellationToken);
            if (actual != sha256Hex)
            {
                LogCorrupt(_logger, Path.GetRelativePath(Root, blob.FullName), _algorithm.Format(actual), _algorithm.Format(sha256Hex));
                DeleteBlob(blob.FullName, _algorithm);
                return null;
            }

            return Link(key, relative, blob.FullName, _algorithm.Format(sha256Hex), size);
        }
        catch (FileNotFoundException)
        {
            return null; // removed meanwhile (a sweep of an older grace, or a verification elsewhere): the caller downloads
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Archives <paramref name="sourceDirectory"/> deterministically (<see cref="DeterministicArchive"/>; the same tree
    /// gives the same bytes) and stores it like <see cref="StoreFileAsync"/>.
    /// </summary>
    /// <param name="include">Decides per relative path (and whether it is a directory); null includes everything.</param>
    public Task<StoredArtifact> StoreArchiveAsync(
        ArtifactKey key, string fileName, string sourceDirectory, Func<string, bool, bool>? include, CancellationToken cancellationToken) =>
        StoreAsync(
            key, fileName, (destination, ct) => DeterministicArchive.WriteAsync(sourceDirectory, include ?? ((_, _) => true), destination, ct), expectedSize: null, vouchedHex: null, cancellationToken);

    /// <summary>
    /// Under the object's lock: <paramref name="write"/> into a temp file, hashed with the store's algorithm unless the
    /// caller vouched for the content's hex (<paramref name="vouchedHex"/>, in the store's algorithm), with
    /// <paramref name="expectedSize"/> bytes when given, then <see cref="Commit"/>; the temp file never outlives the call.
    /// </summary>
    private async Task<StoredArtifact> StoreAsync(
        ArtifactKey key, string fileName, Func<Stream, CancellationToken, Task> write, long? expectedSize, string? vouchedHex, CancellationToken cancellationToken)
    {
        var relative = ArtifactPath(key, fileName);
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        var temp = TempFile();
        try
        {
            var (hex, size) = await WriteAsync(temp, write, expectedSize, vouchedHex, cancellationToken);
            return Commit(key, relative, temp, hex, size);
        }
        finally
        {
            File.Delete(temp);
            gate.Release();
        }
    }

    /// <summary>
    /// True when the artifact is one of <paramref name="key"/>'s own files (<see cref="ArtifactPath"/> of the key and a
    /// plain file name) and still leads to a blob that hashes to its digest. A recorded path that is not the object's
    /// own (another object's, a traversal: it comes from status text, which whoever may patch the status controls) is
    /// false and nothing is touched. An own file that fails the check is deleted (with its blob when the blob's bytes
    /// differ from its name: such a blob must never be served); a missing one is false. The file is hashed with the
    /// algorithm its recorded digest names (as Flux's <c>VerifyArtifact</c>), which must also be the algorithm of the
    /// blob directory it leads to; an algorithm the store does not know fails the check.
    /// </summary>
    public async Task<bool> VerifyAsync(ArtifactKey key, StoredArtifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        if (!IsOwnPath(key, artifact.Path))
        {
            return false;
        }

        var path = Path.Combine(Root, ArtifactPath(key, Path.GetFileName(artifact.Path)));
        if (!IsInside(path) || !File.Exists(path))
        {
            return false;
        }

        if (ResolveBlob(path) is not var (target, algorithm))
        {
            File.Delete(path);
            return false;
        }

        var named = algorithm.Format(Path.GetFileName(target));
        if (DigestAlgorithm.FromDigest(artifact.Digest) != algorithm)
        {
            LogCorrupt(_logger, artifact.Path, named, artifact.Digest);
            File.Delete(path);
            return false;
        }

        var actual = algorithm.Format(await HashFileAsync(target, algorithm, cancellationToken));
        if (actual == artifact.Digest && actual == named)
        {
            return true;
        }

        LogCorrupt(_logger, artifact.Path, actual, artifact.Digest);
        File.Delete(path);
        if (actual != named)
        {
            DeleteBlob(target, algorithm);
        }

        return false;
    }

    /// <summary>
    /// A new empty directory inside the store's temporary area (same file system as the blobs), for work such as
    /// extracting a layer. The caller deletes it; one a crash leaves behind is removed by <see cref="InitializeAsync"/>.
    /// </summary>
    /// <exception cref="IOException">The directory could not be created.</exception>
    public DirectoryInfo CreateWorkDirectory() => Directory.CreateDirectory(TempFile());

    /// <summary>Total bytes of all blobs of every algorithm (what the store takes on disk, links aside).</summary>
    public long BlobBytes() => ExistingBlobDirectories().Sum(d => d.Directory.EnumerateFiles().Sum(f => f.Length));

    /// <summary>
    /// Writes the content to <paramref name="temp"/> and returns its hex (hashed with the store's algorithm while
    /// written, unless <paramref name="vouchedHex"/>) and size. With <paramref name="expectedSize"/> the file is
    /// preallocated to it (within <see cref="StoreOptions.MaxArtifactBytes"/>) and another byte count is an
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    private async Task<(string Hex, long Size)> WriteAsync(
        string temp, Func<Stream, CancellationToken, Task> write, long? expectedSize, string? vouchedHex, CancellationToken cancellationToken)
    {
        var preallocation = expectedSize is { } size ? (_options.MaxArtifactBytes > 0 ? Math.Min(size, _options.MaxArtifactBytes) : size) : 0;
        await using var file = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            PreallocationSize = preallocation,
        });
        await using var hashing = vouchedHex is null ? new HashingWriteStream(file, _algorithm) : null;
        await write(hashing ?? (Stream)file, cancellationToken);
        if (hashing is not null)
        {
            await hashing.FlushAsync(cancellationToken);
        }

        if (expectedSize is { } expected && file.Position != expected)
        {
            throw new InvalidDataException($"content of {file.Position} bytes, {expected} expected");
        }

        file.Flush(flushToDisk: true);
        return (vouchedHex ?? hashing!.HashHex(), file.Position);
    }

    /// <summary>The file's digest with <paramref name="algorithm"/> (lowercase hex); small files are read synchronously (see <see cref="SynchronousHashLimit"/>).</summary>
    private static async Task<string> HashFileAsync(string path, DigestAlgorithm algorithm, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        // Asynchronous file reads run on the thread pool and cost two thread hops each: for a small file (microseconds
        // from the page cache) that was most of a no-op reconcile's CPU.
        return file.Length <= SynchronousHashLimit ? algorithm.HashHex(file) : await algorithm.HashHexAsync(file, cancellationToken);
    }

    /// <summary>Deletes a blob and tells <see cref="BlobDeleted"/>, so a server drops a handle it holds open.</summary>
    private void DeleteBlob(string path, DigestAlgorithm algorithm)
    {
        File.Delete(path);
        BlobDeleted?.Invoke(algorithm.Format(Path.GetFileName(path)));
    }

    /// <summary>The absolute directory of <paramref name="algorithm"/>'s blobs.</summary>
    private string BlobDirectory(DigestAlgorithm algorithm) => Path.Combine(Root, BlobsDirectory, algorithm.Name);

    /// <summary>The blob directories of every supported algorithm that exist.</summary>
    private IEnumerable<(DirectoryInfo Directory, DigestAlgorithm Algorithm)> ExistingBlobDirectories() =>
        DigestAlgorithm.All.Select(a => (Directory: new DirectoryInfo(BlobDirectory(a)), Algorithm: a)).Where(d => d.Directory.Exists);

    private static void RequireSha256Hex(string sha256Hex)
    {
        if (sha256Hex is not { Length: 64 } || !sha256Hex.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"invalid sha256 '{sha256Hex}'", nameof(sha256Hex));
        }
    }

    private string TempFile() => Path.Combine(Root, TempDirectory, Guid.NewGuid().ToString("N"));

    /// <summary>Moves the temp file to its blob (or drops it when the blob exists), then links the object's path and latest.</summary>
    private StoredArtifact Commit(ArtifactKey key, string relative, string temp, string hex, long size)
    {
        var blob = Path.Combine(BlobDirectory(_algorithm), hex);
        if (File.Exists(blob))
        {
            File.SetLastWriteTimeUtc(blob, _time.GetUtcNow().UtcDateTime);
        }
        else
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temp, blob);
        }

        return Link(key, relative, blob, _algorithm.Format(hex), size);
    }

    /// <summary>Points the object's <paramref name="relative"/> path at <paramref name="blob"/> and its <c>latest.tar.gz</c> at that path.</summary>
    private StoredArtifact Link(ArtifactKey key, string relative, string blob, string digest, long size)
    {
        var directory = Path.Combine(Root, key.Directory);
        Directory.CreateDirectory(directory);
        var link = Path.Combine(Root, relative);
        ReplaceLink(link, Path.GetRelativePath(directory, blob));
        ReplaceLink(Path.Combine(directory, LatestFileName), Path.GetFileName(link));
        return new StoredArtifact(relative, digest, size, _time.GetUtcNow());
    }

    private void ReplaceLink(string path, string target)
    {
        var temp = TempFile();
        File.CreateSymbolicLink(temp, target);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// The blob a path leads to (following links) and the algorithm of its directory, or null when it leads outside the
    /// blob directories of the supported algorithms.
    /// </summary>
    private (string Path, DigestAlgorithm Algorithm)? ResolveBlob(string path)
    {
        var resolved = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(resolved);
        return DigestAlgorithm.All.FirstOrDefault(a => BlobDirectory(a) == directory) is { } algorithm ? (resolved, algorithm) : null;
    }

    /// <summary>Whether <paramref name="relative"/> is exactly <see cref="ArtifactPath"/> of <paramref name="key"/> and a valid file name.</summary>
    private static bool IsOwnPath(ArtifactKey key, string relative)
    {
        var fileName = relative[(relative.LastIndexOf('/') + 1)..];
        try
        {
            return fileName != LatestFileName && relative == ArtifactPath(key, fileName);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private bool IsInside(string path) => Path.GetFullPath(path).StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored artifact {Path} hashes to {Actual}, expected {Expected}; deleted")]
    private static partial void LogCorrupt(ILogger logger, string path, string actual, string expected);
}
