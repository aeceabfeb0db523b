using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Win32.SafeHandles;

namespace OciSource.Storage;

/// <summary>
/// Answers the artifact server's requests. A plain GET or HEAD of an artifact (no <c>Range</c> and no conditional
/// header) takes the short way: the path is resolved by <see cref="ArtifactPathResolver"/>, the blob opened once,
/// the cached <see cref="BlobHeaders"/> set, and the bytes read straight into Kestrel's output buffers. Requests with
/// <c>Range</c>, <c>If-Range</c>, <c>If-Match</c>, <c>If-None-Match</c>, <c>If-Modified-Since</c> or
/// <c>If-Unmodified-Since</c> go to ASP.NET Core's file result, which implements their rules (206, 304, 412, 416).
/// </summary>
internal sealed class ArtifactResponder(string storeRoot)
{
    /// <summary>Bytes read from the blob per write to the connection.</summary>
    private const int ChunkBytes = 256 * 1024;

    /// <summary>Blobs whose headers are kept; beyond this the cache starts again (a store serves far fewer).</summary>
    private const int MaxCachedHeaders = 4096;

    private const string ContentType = "application/gzip";

    private readonly ArtifactPathResolver _resolver = new(storeRoot);
    private readonly ConcurrentDictionary<string, BlobHeaders> _headers = new(StringComparer.Ordinal);

    public Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var head = HttpMethods.IsHead(request.Method);
        if (!head && !HttpMethods.IsGet(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        var path = request.Path.Value;
        if (_resolver.Resolve(path is { Length: > 1 } ? path[1..] : null) is not { } blob)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var headers = request.Headers;
        return headers.Range.Count > 0 || headers.IfRange.Count > 0 || headers.IfMatch.Count > 0 || headers.IfNoneMatch.Count > 0
            || headers.IfModifiedSince.Count > 0 || headers.IfUnmodifiedSince.Count > 0
            ? RespondWithFileResultAsync(context, blob.Path, blob.Hex)
            : RespondWholeAsync(context, blob.Path, blob.Hex, head);
    }

    private async Task RespondWholeAsync(HttpContext context, string path, string hex, bool head)
    {
        var response = context.Response;
        using var handle = Open(path);
        if (handle is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var length = RandomAccess.GetLength(handle);
        var blob = HeadersOf(hex, handle);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = length;
        var headers = response.Headers;
        headers.ContentType = ContentType;
        headers.AcceptRanges = "bytes";
        headers.ETag = blob.ETag;
        headers.LastModified = blob.LastModifiedText;
        headers["Digest"] = blob.Digest;
        headers["Content-Digest"] = blob.ContentDigest;
        if (head)
        {
            return;
        }

        var writer = response.BodyWriter;
        for (long offset = 0; offset < length;)
        {
            var read = ReadInto(writer, handle, offset, (int)Math.Min(length - offset, ChunkBytes));
            offset += read;
            var flushed = await writer.FlushAsync(context.RequestAborted);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/> into the writer's next buffer and advances it.</summary>
    /// <exception cref="IOException">The blob ended early (the connection is then aborted: the length was already sent).</exception>
    private static int ReadInto(PipeWriter writer, SafeFileHandle handle, long offset, int count)
    {
        var buffer = writer.GetSpan(count);
        var read = RandomAccess.Read(handle, buffer[..Math.Min(buffer.Length, count)], offset);
        if (read == 0)
        {
            throw new IOException($"blob ended at {offset} bytes, before its length");
        }

        writer.Advance(read);
        return read;
    }

    private async Task RespondWithFileResultAsync(HttpContext context, string path, string hex)
    {
        using var handle = Open(path);
        if (handle is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var blob = HeadersOf(hex, handle);
        context.Response.Headers["Digest"] = blob.Digest;
        context.Response.Headers["Content-Digest"] = blob.ContentDigest;
        await TypedResults.PhysicalFile(path, ContentType, lastModified: blob.LastModified, entityTag: blob.EntityTag, enableRangeProcessing: true)
            .ExecuteAsync(context);
    }

    /// <summary>The cached headers of blob <paramref name="hex"/>; on first use its write time is read from <paramref name="handle"/>.</summary>
    /// <remarks>
    /// A blob removed and stored again has the same bytes, so the cached (older) write time stays a true <c>Last-Modified</c>.
    /// </remarks>
    private BlobHeaders HeadersOf(string hex, SafeFileHandle handle)
    {
        if (_headers.TryGetValue(hex, out var cached))
        {
            return cached;
        }

        if (_headers.Count >= MaxCachedHeaders)
        {
            _headers.Clear();
        }

        return _headers.GetOrAdd(hex, BlobHeaders.Create(hex, new DateTimeOffset(File.GetLastWriteTimeUtc(handle))));
    }

    /// <summary>The blob opened for reading, or null when it is gone (removed since it was resolved) or no regular file.</summary>
    private static SafeFileHandle? Open(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
