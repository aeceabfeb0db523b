using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace OciSource.Storage;

/// <summary>
/// The content-addressed artifact store. Every stored file exists once as <c>blobs/sha256/&lt;hex&gt;</c> (named by
/// the hash of its bytes); the per-object paths Flux uses (<c>&lt;kind&gt;/&lt;ns&gt;/&lt;name&gt;/&lt;file&gt;</c>
/// and <c>latest.tar.gz</c>) are relative symbolic links to it, so identical content from any number of objects takes
/// the space of one copy. Files are written to <c>.tmp/</c>, hashed while written (content that verifies itself is only counted), flushed to disk and renamed into
/// place; a link is replaced atomically; so a partial or unverified file is never reachable. Writes of one object are
/// serialised. Blobs no path links any more are removed by garbage collection.
/// </summary>
public sealed partial class ArtifactStore
{
    public const string LatestFileName = "latest.tar.gz";
    private const string BlobDirectory = "blobs/sha256";
    private const string TempDirectory = ".tmp";

    /// <summary>Files up to this size are verified with synchronous reads.</summary>
    private const long SynchronousHashLimit = 1024 * 1024;

    /// <summary>Unlinked blobs younger than this survive a sweep (a concurrent store may be about to link them).</summary>
    private static readonly TimeSpan SweepGrace = TimeSpan.FromMinutes(1);

    private readonly StoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ArtifactStore> _logger;
    private readonly ConcurrentDictionary<ArtifactKey, SemaphoreSlim> _locks = new();

    public ArtifactStore(StoreOptions options, TimeProvider timeProvider, ILogger<ArtifactStore> logger)
    {
        _options = options;
        _time = timeProvider;
        _logger = logger;
        Root = Path.GetFullPath(options.Root);
    }

    /// <summary>Absolute path of the store root.</summary>
    public string Root { get; }

    /// <summary>Raised with a blob's hex name after the store deleted it (so a server drops what it holds open).</summary>
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
        Directory.CreateDirectory(Path.Combine(Root, BlobDirectory));
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
        return StoreAsync(key, fileName, (destination, ct) => OverlappedCopy.CopyAsync(content, destination, ct), vouched: null, cancellationToken);
    }

    /// <summary>
    /// As <see cref="StoreFileAsync(ArtifactKey, string, Stream, CancellationToken)"/>, for content that verifies
    /// itself while it is read: the read that reaches its end throws when the bytes do not hash to
    /// <paramref name="sha256Hex"/> (as the registry client's blob streams do), so the store does not hash them a second
    /// time. The file is preallocated to <paramref name="size"/>; a different byte count fails with
    /// <see cref="InvalidDataException"/> and nothing is stored.
    /// </summary>
    public Task<StoredArtifact> StoreVerifiedFileAsync(
        ArtifactKey key, string fileName, Stream content, string sha256Hex, long size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        RequireSha256Hex(sha256Hex);
        ArgumentOutOfRangeException.ThrowIfNegative(size);

        return StoreAsync(key, fileName, (destination, ct) => OverlappedCopy.CopyAsync(content, destination, ct), (sha256Hex, size), cancellationToken);
    }

    /// <summary>
    /// Stores the object's <paramref name="fileName"/> as a link to the blob <paramref name="sha256Hex"/> when the store
    /// already holds it — <paramref name="size"/> bytes that hash to its name (brought in by another object or an earlier
    /// revision) — and <paramref name="provenReadable"/> confirms the object may read that content itself, so the
    /// caller need not download it again; null otherwise. The store holding a blob proves nothing about who may have
    /// it (another tenant brought it in): <paramref name="provenReadable"/> (e.g. the object's own registry answering a
    /// HEAD for the digest) is called once, only when the store holds the blob, before anything is linked; false or an
    /// exception from it links nothing. A blob that fails the hash check is deleted. Like a store, it points
    /// <c>latest.tar.gz</c> at the file.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sha256Hex"/> is not 64 lowercase hex digits.</exception>
    public async Task<StoredArtifact?> TryStoreExistingAsync(
        ArtifactKey key, string fileName, string sha256Hex, long size, Func<CancellationToken, Task<bool>> provenReadable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provenReadable);
        RequireSha256Hex(sha256Hex);
        var relative = ArtifactPath(key, fileName);
        var blob = new FileInfo(Path.Combine(Root, BlobDirectory, sha256Hex));
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
            var actual = await HashFileAsync(blob.FullName, cancellationToken);
            if (actual != sha256Hex)
            {
                LogCorrupt(_logger, Path.Combine(BlobDirectory, sha256Hex), "sha256:" + actual, "sha256:" + sha256Hex);
                DeleteBlob(blob.FullName);
                return null;
            }

            return Link(key, relative, blob.FullName, sha256Hex, size);
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
            key, fileName, (destination, ct) => DeterministicArchive.WriteAsync(sourceDirectory, include ?? ((_, _) => true), destination, ct), vouched: null, cancellationToken);

    /// <summary>
    /// Under the object's lock: <paramref name="write"/> into a temp file, hashed unless the caller
    /// <paramref name="vouched"/> for the content, then <see cref="Commit"/>; the temp file never outlives the call.
    /// </summary>
    private async Task<StoredArtifact> StoreAsync(
        ArtifactKey key, string fileName, Func<Stream, CancellationToken, Task> write, (string Hex, long Size)? vouched, CancellationToken cancellationToken)
    {
        var relative = ArtifactPath(key, fileName);
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        var temp = TempFile();
        try
        {
            var (hex, size) = vouched is { } known
                ? (known.Hex, await WriteCountedAsync(temp, write, known.Size, cancellationToken))
                : await WriteHashedAsync(temp, write, cancellationToken);
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
    /// differ from its name: such a blob must never be served); a missing one is false.
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

        var target = ResolveBlob(path);
        if (target is null)
        {
            File.Delete(path);
            return false;
        }

        var actual = "sha256:" + await HashFileAsync(target, cancellationToken);
        if (actual == artifact.Digest && actual == "sha256:" + Path.GetFileName(target))
        {
            return true;
        }

        LogCorrupt(_logger, artifact.Path, actual, artifact.Digest);
        File.Delete(path);
        if (actual != "sha256:" + Path.GetFileName(target))
        {
            DeleteBlob(target);
        }

        return false;
    }

    /// <summary>
    /// A new empty directory inside the store's temporary area (same file system as the blobs), for work such as
    /// extracting a layer. The caller deletes it; one a crash leaves behind is removed by <see cref="InitializeAsync"/>.
    /// </summary>
    /// <exception cref="IOException">The directory could not be created.</exception>
    public DirectoryInfo CreateWorkDirectory() => Directory.CreateDirectory(TempFile());

    /// <summary>Total bytes of all blobs (what the store takes on disk, links aside).</summary>
    public long BlobBytes() =>
        new DirectoryInfo(Path.Combine(Root, BlobDirectory)).EnumerateFiles().Sum(f => f.Length);

    private static async Task<(string Hex, long Size)> WriteHashedAsync(string temp, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.None);
        await using var hashing = new HashingWriteStream(file);
        await write(hashing, cancellationToken);
        await hashing.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
        return (hashing.HashHex(), hashing.Length);
    }

    /// <summary>Writes the content to <paramref name="temp"/>, preallocated to <paramref name="size"/> within <see cref="StoreOptions.MaxArtifactBytes"/>.</summary>
    private async Task<long> WriteCountedAsync(string temp, Func<Stream, CancellationToken, Task> write, long size, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            PreallocationSize = _options.MaxArtifactBytes > 0 ? Math.Min(size, _options.MaxArtifactBytes) : size,
        });
        await write(file, cancellationToken);
        if (file.Position != size)
        {
            throw new InvalidDataException($"content of {file.Position} bytes, {size} expected");
        }

        file.Flush(flushToDisk: true);
        return size;
    }

    /// <summary>The file's sha256 (lowercase hex); small files are read synchronously (see <see cref="SynchronousHashLimit"/>).</summary>
    private static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        // Asynchronous file reads run on the thread pool and cost two thread hops each: for a small file (microseconds
        // from the page cache) that was most of a no-op reconcile's CPU.
        var hash = file.Length <= SynchronousHashLimit ? SHA256.HashData(file) : await SHA256.HashDataAsync(file, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Deletes a blob and tells <see cref="BlobDeleted"/>, so a server drops a handle it holds open.</summary>
    private void DeleteBlob(string path)
    {
        File.Delete(path);
        BlobDeleted?.Invoke(Path.GetFileName(path));
    }

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
        var blob = Path.Combine(Root, BlobDirectory, hex);
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

        return Link(key, relative, blob, hex, size);
    }

    /// <summary>Points the object's <paramref name="relative"/> path at <paramref name="blob"/> and its <c>latest.tar.gz</c> at that path.</summary>
    private StoredArtifact Link(ArtifactKey key, string relative, string blob, string hex, long size)
    {
        var directory = Path.Combine(Root, key.Directory);
        Directory.CreateDirectory(directory);
        var link = Path.Combine(Root, relative);
        ReplaceLink(link, Path.GetRelativePath(directory, blob));
        ReplaceLink(Path.Combine(directory, LatestFileName), Path.GetFileName(link));
        return new StoredArtifact(relative, "sha256:" + hex, size, _time.GetUtcNow());
    }

    private void ReplaceLink(string path, string target)
    {
        var temp = TempFile();
        File.CreateSymbolicLink(temp, target);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The blob a path leads to (following links), or null when it leads outside the blob directory.</summary>
    private string? ResolveBlob(string path)
    {
        var resolved = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        return Path.GetDirectoryName(resolved) == Path.Combine(Root, "blobs", "sha256") ? resolved : null;
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
