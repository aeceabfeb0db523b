using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OciSource.Testing.Sigstore;

/// <summary>
/// A local Rekor v1-style log: a small RFC 6962 Merkle tree (two filler leaves, then the entry), an inclusion proof,
/// a signed-note checkpoint over the tree head, and a signed entry timestamp (SET) over the canonical entry
/// <c>{"body","integratedTime","logID","logIndex"}</c>, all signed ECDSA P-256 SHA-256 by one key.
/// </summary>
public sealed class LocalRekor : IDisposable
{
    /// <summary>The log's URL in the trusted root; its host names the log in checkpoints.</summary>
    public const string BaseUrl = "https://rekor.local.test";

    private const string Host = "rekor.local.test";

    private readonly ECDsa _key = LocalKeys.Create();

    /// <summary>The log id: SHA-256 of the key's SubjectPublicKeyInfo.</summary>
    public byte[] LogId => LocalKeys.LogId(_key);

    /// <summary>The DER SubjectPublicKeyInfo for the trusted root.</summary>
    public byte[] PublicKey => _key.ExportSubjectPublicKeyInfo();

    /// <summary>Logs <paramref name="body"/> (a canonical Rekor entry body) and returns the bundle's <c>tlogEntries</c> item.</summary>
    public JsonObject Log(byte[] body, string kind, string version, DateTimeOffset integratedTime, LocalSigningOptions options)
    {
        var fillers = new[] { LeafHash("filler 0"u8), LeafHash("filler 1"u8) };
        var leaf = LeafHash(body);
        var left = Node(fillers[0], fillers[1]);
        var root = Node(left, leaf);
        const long index = 2;
        const long size = 3;
        var integrated = integratedTime.ToUnixTimeSeconds();
        var logId = LogId;

        var set = Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"body\":\"{Convert.ToBase64String(body)}\",\"integratedTime\":{integrated},\"logID\":\"{Convert.ToHexStringLower(logId)}\",\"logIndex\":{index}}}"));
        var promise = LocalKeys.Sign(_key, set);
        if (options.CorruptSignedEntryTimestamp)
        {
            promise = LocalKeys.Flip(promise);
        }

        var note = string.Create(CultureInfo.InvariantCulture, $"{Host} - 7\n{size}\n{Convert.ToBase64String(root)}\n");
        var noteSignature = LocalKeys.Sign(_key, Encoding.UTF8.GetBytes(note));
        var checkpoint = $"{note}\n\u2014 {Host} {Convert.ToBase64String([.. logId.AsSpan(0, 4), .. noteSignature])}\n";

        return new JsonObject
        {
            ["logIndex"] = index.ToString(CultureInfo.InvariantCulture),
            ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(logId) },
            ["kindVersion"] = new JsonObject { ["kind"] = kind, ["version"] = version },
            ["integratedTime"] = integrated.ToString(CultureInfo.InvariantCulture),
            ["inclusionPromise"] = new JsonObject { ["signedEntryTimestamp"] = Convert.ToBase64String(promise) },
            ["inclusionProof"] = new JsonObject
            {
                ["logIndex"] = index.ToString(CultureInfo.InvariantCulture),
                ["rootHash"] = Convert.ToBase64String(root),
                ["treeSize"] = size.ToString(CultureInfo.InvariantCulture),
                ["hashes"] = new JsonArray(Convert.ToBase64String(options.CorruptInclusionProof ? LocalKeys.Flip(left) : left)),
                ["checkpoint"] = new JsonObject { ["envelope"] = checkpoint },
            },
            ["canonicalizedBody"] = Convert.ToBase64String(body),
        };
    }

    public void Dispose() => _key.Dispose();

    private static byte[] LeafHash(ReadOnlySpan<byte> leaf) => SHA256.HashData([0, .. leaf]);

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([1, .. left, .. right]);
}
