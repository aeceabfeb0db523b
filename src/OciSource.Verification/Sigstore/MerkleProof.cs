using System.Security.Cryptography;

namespace OciSource.Verification.Sigstore;

/// <summary>RFC 6962 / RFC 9162 Merkle tree hashing and inclusion proof verification (SHA-256).</summary>
internal static class MerkleProof
{
    /// <summary>Most proof hashes accepted (a tree of 2^64 leaves needs 64).</summary>
    public const int MaxHashes = 64;

    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[leaf.Length + 1];
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>Checks that <paramref name="leafHash"/> at <paramref name="index"/> is in the tree of <paramref name="treeSize"/> leaves whose root is <paramref name="rootHash"/>.</summary>
    /// <exception cref="SigstoreVerificationException">The proof does not verify, with why.</exception>
    public static void VerifyInclusion(long index, long treeSize, byte[] leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> rootHash)
    {
        if (index < 0 || treeSize <= 0 || index >= treeSize)
        {
            throw new SigstoreVerificationException($"The inclusion proof's index {index} is not inside a tree of size {treeSize}.");
        }

        if (proof.Count > MaxHashes || proof.Any(h => h.Length != SHA256.HashSizeInBytes))
        {
            throw new SigstoreVerificationException("The inclusion proof's hashes are malformed.");
        }

        var fn = index;
        var sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                throw new SigstoreVerificationException("The inclusion proof has more hashes than the tree needs.");
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            throw new SigstoreVerificationException("The inclusion proof has fewer hashes than the tree needs.");
        }

        if (!CryptographicOperations.FixedTimeEquals(r, rootHash))
        {
            throw new SigstoreVerificationException("The inclusion proof does not lead to the log's root hash: the entry is not in the log as claimed.");
        }
    }

    private static byte[] Node(byte[] left, byte[] right)
    {
        var buffer = new byte[1 + left.Length + right.Length];
        buffer[0] = 1;
        left.CopyTo(buffer, 1);
        right.CopyTo(buffer, 1 + left.Length);
        return SHA256.HashData(buffer);
    }
}
