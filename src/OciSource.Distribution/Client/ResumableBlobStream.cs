using Microsoft.Extensions.Logging;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Client;

/// <summary>
/// The body of a blob download that survives broken connections: when a read fails (reset, premature end, no byte
/// for <see cref="RegistryTransportOptions.ReadIdleTimeout"/>: a <see cref="ReadIdleTimeoutException"/>) it reopens the blob from the current offset through
/// <c>open</c> (a <c>Range</c> request, or a full restart that skips what was already delivered) at most
/// <see cref="RetryOptions.MaxBlobResumes"/> times, then throws <see cref="RegistryException"/>. Cancellation by the
/// caller is never retried.
/// </summary>
internal sealed partial class ResumableBlobStream(
    Stream first, long size, Func<long, CancellationToken, Task<Stream>> open, RetryOptions options, ILogger logger, string what) : Stream
{
    private Stream _current = first;
    private Exception? _openFailure;
    private long _position;
    private int _resumes;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => size;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Exception? failure;
            try
            {
                var read = await _current.ReadAsync(buffer, cancellationToken);
                if (read > 0 || buffer.Length == 0 || _position >= size)
                {
                    _position += read;
                    return read;
                }

                failure = null;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }

            failure ??= _openFailure;
            if (_resumes >= options.MaxBlobResumes)
            {
                if (failure is null)
                {
                    return 0;
                }

                throw new RegistryException($"fetch {what}: the connection broke at byte {_position} and {_resumes} resumptions did not complete it", innerException: failure);
            }

            _resumes++;
            var reason = failure is null ? "premature end" : failure.GetType().Name;
            LogResume(logger, what, _position, _resumes, reason);
            await _current.DisposeAsync();
            _current = Stream.Null;
            _openFailure = null;
            try
            {
                _current = await open(_position, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // Counts as one more broken attempt: the next pass reads nothing from Stream.Null and tries again.
                _openFailure = ex;
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current.Dispose();
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming {What} at byte {Offset} (resumption {Attempt}) after {Reason}")]
    private static partial void LogResume(ILogger logger, string what, long offset, int attempt, string reason);
}
