namespace OciSource.Storage;

/// <summary>
/// Maps a request path to the store blob it serves, with as few file system calls as possible: one <c>readlink</c>
/// per symbolic link followed. A servable path is <c>&lt;kind&gt;/&lt;ns&gt;/&lt;name&gt;/&lt;file&gt;</c>: four
/// segments, none empty, starting with <c>.</c> or holding a backslash or NUL; it must be a symbolic link, and its
/// links (each resolved textually, at most <see cref="MaxLinks"/>) must lead to <c>blobs/&lt;algorithm&gt;/&lt;lowercase
/// hex of that algorithm's length&gt;</c> under the store root (<see cref="DigestAlgorithm.All"/>). Everything else resolves to null. Whether that blob exists and is a regular file
/// (no link) is checked when it is opened (<see cref="OpenBlobCache"/>).
/// </summary>
internal sealed class ArtifactPathResolver(string root)
{
    private const int MaxLinks = 8;
    private readonly string _root = root.TrimEnd('/');
    private readonly string _blobs = Path.Combine(root, "blobs") + "/";

    /// <summary>The blob's absolute path and its digest (<c>&lt;algorithm&gt;:&lt;hex&gt;</c>, from its directory and name), or null when the path serves nothing.</summary>
    /// <param name="requestPath">The decoded request path without its leading <c>/</c>.</param>
    /// <remarks>The blob is not touched: one that is missing still resolves (opening it then fails).</remarks>
    public (string Path, string Digest)? Resolve(string? requestPath)
    {
        if (!IsArtifactPath(requestPath))
        {
            return null;
        }

        var current = $"{_root}/{requestPath}";
        for (var links = 0; links <= MaxLinks; links++)
        {
            if (links > 0 && BlobDigest(current) is { } digest)
            {
                return (current, digest);
            }

            if (new FileInfo(current).LinkTarget is not { } target)
            {
                return null;
            }

            current = Path.GetFullPath(target, Path.GetDirectoryName(current)!);
        }

        return null;
    }

    private static bool IsArtifactPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var segments = 0;
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan()[range];
            if (segment.IsEmpty || segment[0] == '.' || segment.ContainsAny('\\', '\0'))
            {
                return false;
            }

            segments++;
        }

        return segments == 4;
    }

    /// <summary><c>&lt;algorithm&gt;:&lt;hex&gt;</c> when <paramref name="path"/> is <c>blobs/&lt;algorithm&gt;/&lt;hex&gt;</c> of a supported algorithm; else null.</summary>
    private string? BlobDigest(string path)
    {
        if (!path.StartsWith(_blobs, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[_blobs.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && DigestAlgorithm.FromName(rest[..slash]) is { } algorithm && algorithm.IsHex(rest[(slash + 1)..])
            ? algorithm.Format(rest[(slash + 1)..])
            : null;
    }
}
