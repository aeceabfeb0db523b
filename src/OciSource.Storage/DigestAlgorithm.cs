using System.Security.Cryptography;

namespace OciSource.Storage;

/// <summary>
/// An artifact digest algorithm as Flux's <c>--artifact-digest-algo</c> names it (go-digest's names): <c>sha256</c>
/// (the default), <c>sha384</c>, <c>sha512</c> and <c>blake3</c> (BLAKE3 with its default 256-bit output, as
/// <c>github.com/opencontainers/go-digest/blake3</c> registers it), and <c>sha1</c>, which fluxcd/pkg
/// <c>artifact/digest</c> registers too. A digest is written <c>&lt;name&gt;:&lt;lowercase hex&gt;</c>.
/// </summary>
public sealed class DigestAlgorithm
{
    public static readonly DigestAlgorithm Sha256 = new("sha256", 32, () => new IncrementalDigestHasher(HashAlgorithmName.SHA256));
    public static readonly DigestAlgorithm Sha384 = new("sha384", 48, () => new IncrementalDigestHasher(HashAlgorithmName.SHA384));
    public static readonly DigestAlgorithm Sha512 = new("sha512", 64, () => new IncrementalDigestHasher(HashAlgorithmName.SHA512));
    public static readonly DigestAlgorithm Blake3 = new("blake3", 32, () => new Blake3DigestHasher());
    public static readonly DigestAlgorithm Sha1 = new("sha1", 20, () => new IncrementalDigestHasher(HashAlgorithmName.SHA1));

    private readonly Func<DigestHasher> _createHasher;

    private DigestAlgorithm(string name, int size, Func<DigestHasher> createHasher)
    {
        Name = name;
        HexLength = size * 2;
        _createHasher = createHasher;
    }

    /// <summary>Every supported algorithm.</summary>
    public static IReadOnlyList<DigestAlgorithm> All { get; } = [Sha256, Sha384, Sha512, Blake3, Sha1];

    /// <summary>The name in a digest string and in the store's blob directory (<c>blobs/&lt;name&gt;/</c>).</summary>
    public string Name { get; }

    /// <summary>Length of a hex digest.</summary>
    public int HexLength { get; }

    /// <summary>The algorithm named <paramref name="name"/> (exact, lowercase), or null when it is not supported.</summary>
    public static DigestAlgorithm? FromName(string? name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>The algorithm of a <c>&lt;name&gt;:&lt;hex&gt;</c> digest string, or null when the name is not supported.</summary>
    public static DigestAlgorithm? FromDigest(string? digest) =>
        digest?.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? FromName(digest[..colon]) : null;

    /// <summary>Whether <paramref name="hex"/> is a digest of this algorithm: <see cref="HexLength"/> lowercase hex digits.</summary>
    public bool IsHex(string? hex) => hex is not null && hex.Length == HexLength && hex.All(char.IsAsciiHexDigitLower);

    /// <summary><c>&lt;name&gt;:&lt;hex&gt;</c>.</summary>
    public string Format(string hex) => $"{Name}:{hex}";

    /// <summary>A new incremental hasher; the caller disposes it.</summary>
    internal DigestHasher CreateHasher() => _createHasher();

    /// <summary>The lowercase hex digest of the stream's remaining bytes.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<string> HashHexAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var hasher = CreateHasher();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, read));
        }

        return hasher.FinishHex();
    }

    /// <summary>As <see cref="HashHexAsync"/>, with synchronous reads (for small files from the page cache).</summary>
    public string HashHex(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var hasher = CreateHasher();
        var buffer = new byte[81920];
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, read));
        }

        return hasher.FinishHex();
    }

    public override string ToString() => Name;
}
