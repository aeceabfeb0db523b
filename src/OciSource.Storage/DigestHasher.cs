namespace OciSource.Storage;

/// <summary>An incremental hash of one <see cref="DigestAlgorithm"/>.</summary>
internal abstract class DigestHasher : IDisposable
{
    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The digest of everything appended, as lowercase hex; the hasher starts over afterwards.</summary>
    public abstract string FinishHex();

    public abstract void Dispose();
}
