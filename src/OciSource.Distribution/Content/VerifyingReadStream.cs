using System.Globalization;
using System.Security.Cryptography;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Content;

/// <summary>
/// A read-only stream that hashes what passes through it and checks it against a descriptor: more bytes than the
/// declared size fail at once; at the end, a short length or a different digest fails the final read, so a
/// caller that reads to the end without an exception has received exactly the described content.
/// </summary>
/// <exception cref="DigestMismatchException">Thrown by a read: size or digest differs from the descriptor.</exception>
public sealed class VerifyingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly long _expectedSize;
    private readonly string _what;
    private readonly IncrementalHash _hash;
    private long _position;
    private bool _verified;

    public VerifyingReadStream(Stream inner, Digest expected, long expectedSize, string what)
    {
        _inner = inner;
        _expected = expected;
        _expectedSize = expectedSize;
        _what = what;
        _hash = expected.CreateHasher();
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _expectedSize;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Accept(buffer, _inner.Read(buffer));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken);
        return Accept(buffer.Span, read);
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
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Accept(ReadOnlySpan<byte> buffer, int read)
    {
        if (read > 0)
        {
            _position += read;
            if (_position > _expectedSize)
            {
                throw new DigestMismatchException(string.Create(
                    CultureInfo.InvariantCulture, $"{_what} is longer than its declared size of {_expectedSize} bytes"));
            }

            _hash.AppendData(buffer[..read]);
            return read;
        }

        if (!_verified && buffer.Length > 0)
        {
            Verify();
        }

        return 0;
    }

    private void Verify()
    {
        if (_position != _expectedSize)
        {
            throw new DigestMismatchException(string.Create(
                CultureInfo.InvariantCulture, $"{_what} ended after {_position} of {_expectedSize} bytes"));
        }

        Span<byte> hash = stackalloc byte[64];
        var length = _hash.GetHashAndReset(hash);
        if (!_expected.Matches(hash[..length]))
        {
            throw new DigestMismatchException($"{_what} has digest {_expected.Algorithm}:{Convert.ToHexStringLower(hash[..length])}, expected {_expected}");
        }

        _verified = true;
    }
}
