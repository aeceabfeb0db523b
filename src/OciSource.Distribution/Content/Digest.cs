using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace OciSource.Distribution.Content;

/// <summary>
/// A content digest <c>algorithm:hex</c> as the OCI image spec defines it, limited to the algorithms registries use
/// for verification: <c>sha256</c> (64 lowercase hex characters) and <c>sha512</c> (128).
/// </summary>
public readonly record struct Digest
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }

    /// <summary>The encoded hash, lowercase hex.</summary>
    public string Hex { get; }

    /// <exception cref="FormatException">Not <c>sha256:</c> + 64 or <c>sha512:</c> + 128 lowercase hex characters.</exception>
    public static Digest Parse(string text) =>
        TryParse(text, out var digest)
            ? digest
            : throw new FormatException($"invalid digest '{Truncate(text)}': expected sha256:<64 hex> or sha512:<128 hex>, lowercase");

    public static bool TryParse([NotNullWhen(true)] string? text, out Digest digest)
    {
        digest = default;
        if (text is null)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var algorithm = text[..colon];
        var hex = text.AsSpan(colon + 1);
        var expectedLength = algorithm switch
        {
            Sha256 => 64,
            Sha512 => 128,
            _ => -1,
        };
        if (hex.Length != expectedLength || hex.ContainsAnyExcept(LowerHex))
        {
            return false;
        }

        digest = new Digest(algorithm, hex.ToString());
        return true;
    }

    /// <summary>The digest of <paramref name="content"/> with <paramref name="algorithm"/> (sha256 or sha512).</summary>
    /// <exception cref="ArgumentException">Another algorithm.</exception>
    public static Digest Compute(ReadOnlySpan<byte> content, string algorithm = Sha256) => algorithm switch
    {
        Sha256 => new(Sha256, Convert.ToHexStringLower(SHA256.HashData(content))),
        Sha512 => new(Sha512, Convert.ToHexStringLower(SHA512.HashData(content))),
        _ => throw new ArgumentException($"unsupported digest algorithm '{algorithm}'", nameof(algorithm)),
    };

    /// <summary>A hasher for this digest's algorithm.</summary>
    public IncrementalHash CreateHasher() =>
        IncrementalHash.CreateHash(Algorithm == Sha512 ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);

    /// <summary>True when <paramref name="hash"/> (raw bytes) is this digest's hash.</summary>
    public bool Matches(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash) == Hex;

    public override string ToString() => $"{Algorithm}:{Hex}";

    private static string Truncate(string? text) =>
        text is null ? "<null>" : text.Length <= 140 ? text : text[..140] + "...";
}
