namespace OciSource.Storage;

public sealed partial class ArtifactStore
{
    /// <summary>
    /// Flux's retention on the object's directory: non-current files whose link is older than
    /// <see cref="StoreOptions.RetentionTtl"/> are deleted, then the oldest non-current ones until at most
    /// <see cref="StoreOptions.RetentionRecords"/> remain (the current one included). <c>latest.tar.gz</c> is never
    /// counted. Blobs no path links any more are removed afterwards. Returns the number of files deleted.
    /// </summary>
    public async Task<int> CollectGarbageAsync(ArtifactKey key, string currentPath, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Root, key.Directory);
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        var deleted = 0;
        try
        {
            var current = Path.GetFileName(currentPath);
            var files = new DirectoryInfo(directory).EnumerateFiles()
                .Where(f => f.Name != LatestFileName && !f.Name.EndsWith(".lock", StringComparison.Ordinal))
                .ToList();
            var now = _time.GetUtcNow().UtcDateTime;
            var others = files.Where(f => f.Name != current).OrderBy(f => f.LastWriteTimeUtc).ToList();
            var remaining = files.Count;
            foreach (var file in others)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (now - file.LastWriteTimeUtc > _options.RetentionTtl || remaining > _options.RetentionRecords)
                {
                    file.Delete();
                    deleted++;
                    remaining--;
                }
            }
        }
        finally
        {
            gate.Release();
        }

        if (deleted > 0)
        {
            SweepBlobs(cancellationToken);
        }

        return deleted;
    }

    /// <summary>Deletes the object's directory (all its artifacts and links) and the blobs left unlinked; true if it existed.</summary>
    public async Task<bool> RemoveAllAsync(ArtifactKey key, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Root, key.Directory);
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(directory))
            {
                return false;
            }

            Directory.Delete(directory, recursive: true);
        }
        finally
        {
            gate.Release();
            _locks.TryRemove(key, out _);
        }

        SweepBlobs(cancellationToken);
        return true;
    }

    /// <summary>Deletes blobs (of every algorithm) that no link under the store points to, except those changed within <see cref="SweepGrace"/>.</summary>
    private void SweepBlobs(CancellationToken cancellationToken)
    {
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(Root).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.LinkTarget is not null && ResolveBlob(entry.FullName) is { } target)
            {
                linked.Add(target.Path);
            }
        }

        var cutoff = _time.GetUtcNow().UtcDateTime - SweepGrace;
        foreach (var (directory, algorithm) in ExistingBlobDirectories())
        {
            foreach (var blob in directory.EnumerateFiles())
            {
                if (!linked.Contains(blob.FullName) && blob.LastWriteTimeUtc < cutoff)
                {
                    DeleteBlob(blob.FullName, algorithm);
                }
            }
        }
    }
}
