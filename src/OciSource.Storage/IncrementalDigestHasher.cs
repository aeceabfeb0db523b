using System.Security.Cryptography;

namespace OciSource.Storage;

/// <summary>A SHA-2 <see cref="DigestHasher"/> over <see cref="IncrementalHash"/>.</summary>
internal sealed class IncrementalDigestHasher(HashAlgorithmName name) : DigestHasher
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(name);

    public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    public override string FinishHex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override void Dispose() => _hash.Dispose();
}
