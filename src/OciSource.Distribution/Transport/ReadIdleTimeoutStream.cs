namespace OciSource.Distribution.Transport;

/// <summary>
/// A response body whose every read must deliver within the idle timeout, or it fails with
/// <see cref="ReadIdleTimeoutException"/>. The caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ReadIdleTimeoutStream(Stream inner, TimeSpan idleTimeout) : Stream
{
    private CancellationTokenSource? _idle;
    private CancellationToken _linkedTo;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var idle = IdleToken(cancellationToken);
        try
        {
            return await inner.ReadAsync(buffer, idle);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ReadIdleTimeoutException("no data received from the registry within the read idle timeout", e);
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
            inner.Dispose();
            _idle?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        _idle?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>
    /// A token cancelled by the caller's token or after the idle timeout from now; one source is reused across reads
    /// (restarting its timer) to keep the hot path free of allocations.
    /// </summary>
    private CancellationToken IdleToken(CancellationToken cancellationToken)
    {
        if (_idle is null || _linkedTo != cancellationToken || !_idle.TryReset())
        {
            _idle?.Dispose();
            _idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _linkedTo = cancellationToken;
        }

        _idle.CancelAfter(idleTimeout);
        return _idle.Token;
    }
}
