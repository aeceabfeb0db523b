using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace OciSource.Testing.Registry;

/// <summary>
/// Stands in for <see cref="HttpResponse.Body"/> while the forwarder copies a registry answer. It passes writes
/// through until <see cref="Activate"/> arms a body fault, then flips, replaces, cuts, pads, stalls or aborts the stream as the
/// fault says, counting offsets from the first body byte. Writes are only ever asynchronous (as Kestrel requires).
/// </summary>
internal sealed class FaultyBodyStream(Stream inner, HttpContext context) : Stream
{
    private Fault? _fault;
    private long? _realLength;
    private long _position;
    private bool _stalled;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Arms <paramref name="fault"/>; <paramref name="realLength"/> is the upstream <c>Content-Length</c>, if any.</summary>
    public void Activate(Fault fault, long? realLength)
    {
        _fault = fault;
        _realLength = realLength;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var start = _position;
        _position += buffer.Length;
        switch (_fault?.Kind)
        {
            case FaultKind.FlipByte when _fault.Offset >= start && _fault.Offset < _position:
                await WriteFlippedAsync(buffer, (int)(_fault.Offset - start), cancellationToken);
                break;
            case FaultKind.ResetAfter when _position > _fault.Offset:
                await inner.WriteAsync(buffer[..(int)(_fault.Offset - start)], cancellationToken);
                await inner.FlushAsync(cancellationToken);
                context.Abort();
                throw new IOException($"connection reset by the tampering front after {_fault.Offset} body bytes");
            case FaultKind.MisstateLength when _fault.LengthDelta < 0:
                var declared = _realLength!.Value + _fault.LengthDelta;
                await inner.WriteAsync(buffer[..(int)Math.Clamp(declared - start, 0, buffer.Length)], cancellationToken);
                break;
            case FaultKind.AppendBytes when _position == _realLength:
                await inner.WriteAsync(buffer, cancellationToken);
                await inner.WriteAsync(new byte[_fault.LengthDelta], cancellationToken);
                break;
            case FaultKind.Stall when !_stalled && _position > _fault.Offset:
                _stalled = true;
                var before = (int)(_fault.Offset - start);
                await inner.WriteAsync(buffer[..before], cancellationToken);
                await inner.FlushAsync(cancellationToken);
                await (_fault.Release?.WaitAsync(context.RequestAborted) ?? Task.Delay(_fault.Duration, context.RequestAborted));
                await inner.WriteAsync(buffer[before..], cancellationToken);
                break;
            case FaultKind.ReplaceBody:
                await inner.WriteAsync(Replaced(_fault.Replacement, start, buffer.Length), cancellationToken);
                break;
            default:
                await inner.WriteAsync(buffer, cancellationToken);
                break;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => throw new NotSupportedException("synchronous I/O");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous I/O");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Bytes <paramref name="start"/>.. of <paramref name="replacement"/> followed by zeros, <paramref name="length"/> in all.</summary>
    private static byte[] Replaced(ReadOnlyMemory<byte> replacement, long start, int length)
    {
        var bytes = new byte[length];
        if (start < replacement.Length)
        {
            var from = replacement[(int)start..];
            from[..Math.Min(from.Length, length)].CopyTo(bytes);
        }

        return bytes;
    }

    private async Task WriteFlippedAsync(ReadOnlyMemory<byte> buffer, int index, CancellationToken cancellationToken)
    {
        var copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(copy);
            copy[index] ^= 0xff;
            await inner.WriteAsync(copy.AsMemory(0, buffer.Length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
