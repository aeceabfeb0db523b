namespace OciSource.Storage;

/// <summary>A BLAKE3 <see cref="DigestHasher"/> with the default 32-byte output (the <c>Blake3</c> package).</summary>
internal sealed class Blake3DigestHasher : DigestHasher
{
    // A mutable struct: a readonly field would make every Update work on a copy.
#pragma warning disable IDE0044
    private Blake3.Hasher _hasher = Blake3.Hasher.New();
#pragma warning restore IDE0044

    public override void Append(ReadOnlySpan<byte> data) => _hasher.Update(data);

    public override string FinishHex()
    {
        var hex = Convert.ToHexStringLower(_hasher.Finalize().AsSpan());
        _hasher.Reset();
        return hex;
    }

    public override void Dispose() => _hasher.Dispose();
}
