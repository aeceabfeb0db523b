using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Win32.SafeHandles;

namespace OciSource.Storage;

/// <summary>
/// Answers the artifact server's requests. A plain GET or HEAD of an artifact (no <c>Range</c> and no conditional
/// header) takes the short way: the path is resolved by <see cref="ArtifactPathResolver"/>, the blob's open handle
/// and formatted headers come from the <see cref="OpenBlobCache"/>, and the bytes are read straight into Kestrel's
/// output buffers. Requests with <c>Range</c>, <c>If-Range</c>, <c>If-Match</c>, <c>If-None-Match</c>,
/// <c>If-Modified-Since</c> or <c>If-Unmodified-Since</c> go to ASP.NET Core's file result, which implements their
/// rules (206, 304, 412, 416). The root (<c>/</c>, any query) answers 200 with an empty body, for readiness probes;
/// anything else that is not an artifact answers 404.
/// </summary>
internal sealed class ArtifactResponder(string storeRoot) : IDisposable
{
    /// <summary>Bytes read from the blob per write to the connection (see <see cref="ArtifactServer.ResponseBufferBytes"/>).</summary>
    private const int ChunkBytes = 256 * 1024;

    private const string ContentType = "application/gzip";
    private const string DigestHeader = "Digest";
    private const string ContentDigestHeader = "Content-Digest";

    private readonly ArtifactPathResolver _resolver = new(storeRoot);
    private readonly OpenBlobCache _blobs = new();

    /// <summary>Forgets the open handle of a blob the store deleted.</summary>
    public void OnBlobDeleted(string digest) => _blobs.Forget(digest);

    public void Dispose() => _blobs.Dispose();

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
        if (path is null or "" or "/")
        {
            // The root answers 200 with nothing in it (never a listing), whatever the query: Flux's Deployment probes
            // readiness with `httpGet /` on this port.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        if (_resolver.Resolve(path is { Length: > 1 } ? path[1..] : null) is not { } blob)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var headers = request.Headers;
        return headers.Range.Count > 0 || headers.IfRange.Count > 0 || headers.IfMatch.Count > 0 || headers.IfNoneMatch.Count > 0
            || headers.IfModifiedSince.Count > 0 || headers.IfUnmodifiedSince.Count > 0
            ? RespondWithFileResultAsync(context, blob.Path, blob.Digest)
            : RespondWholeAsync(context, blob.Path, blob.Digest, head);
    }

    private async Task RespondWholeAsync(HttpContext context, string path, string digest, bool head)
    {
        var response = context.Response;
        if (_blobs.Acquire(digest, path) is not { } blob)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        try
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentLength = blob.Length;
            var headers = response.Headers;
            headers.ContentType = ContentType;
            headers.AcceptRanges = "bytes";
            headers.ETag = blob.Headers.ETag;
            headers.LastModified = blob.Headers.LastModifiedText;
            headers[DigestHeader] = blob.Headers.Digest;
            headers[ContentDigestHeader] = blob.Headers.ContentDigest;
            if (head)
            {
                return;
            }

            var writer = response.BodyWriter;
            for (long offset = 0; offset < blob.Length;)
            {
                offset += ReadInto(writer, blob.Handle, offset, (int)Math.Min(blob.Length - offset, ChunkBytes));
                var flushed = await writer.FlushAsync(context.RequestAborted);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }
            }
        }
        finally
        {
            blob.Release();
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

    private async Task RespondWithFileResultAsync(HttpContext context, string path, string digest)
    {
        if (_blobs.Acquire(digest, path) is not { } blob)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        try
        {
            context.Response.Headers[DigestHeader] = blob.Headers.Digest;
            context.Response.Headers[ContentDigestHeader] = blob.Headers.ContentDigest;
            await TypedResults.PhysicalFile(path, ContentType, lastModified: blob.Headers.LastModified, entityTag: blob.Headers.EntityTag, enableRangeProcessing: true)
                .ExecuteAsync(context);
        }
        finally
        {
            blob.Release();
        }
    }
}
