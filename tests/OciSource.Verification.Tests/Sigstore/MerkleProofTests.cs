using System.Security.Cryptography;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Sigstore;

/// <summary>Inclusion proofs in a five-leaf tree built here by the RFC 6962 definition.</summary>
public sealed class MerkleProofTests
{
    private static readonly byte[][] Leaves = [.. Enumerable.Range(0, 5).Select(i => MerkleProof.LeafHash([(byte)i]))];

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    public void EveryLeafIsProvedIncluded(int index) =>
        MerkleProof.VerifyInclusion(index, Leaves.Length, Leaves[index], Proof(index, 0, Leaves.Length), Root(0, Leaves.Length));

    [Fact]
    public void AProofForAnotherLeafIsRefused() =>
        Assert.Throws<SigstoreVerificationException>(() =>
            MerkleProof.VerifyInclusion(1, Leaves.Length, Leaves[2], Proof(1, 0, Leaves.Length), Root(0, Leaves.Length)));

    [Fact]
    public void AnIndexOutsideTheTreeIsRefused() =>
        Assert.Throws<SigstoreVerificationException>(() =>
            MerkleProof.VerifyInclusion(5, Leaves.Length, Leaves[0], Proof(0, 0, Leaves.Length), Root(0, Leaves.Length)));

    private static byte[] Root(int start, int count)
    {
        if (count == 1)
        {
            return Leaves[start];
        }

        var split = 1;
        while (split * 2 < count)
        {
            split *= 2;
        }

        return SHA256.HashData([1, .. Root(start, split), .. Root(start + split, count - split)]);
    }

    private static List<byte[]> Proof(int index, int start, int count)
    {
        if (count == 1)
        {
            return [];
        }

        var split = 1;
        while (split * 2 < count)
        {
            split *= 2;
        }

        if (index - start < split)
        {
            return [.. Proof(index, start, split), Root(start + split, count - split)];
        }

        return [.. Proof(index, start + split, count - split), Root(start, split)];
    }
}
