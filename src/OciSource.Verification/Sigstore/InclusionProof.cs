namespace OciSource.Verification.Sigstore;

/// <summary>A bundle's inclusion proof with the checkpoint that signs its root.</summary>
internal sealed record InclusionProof(long LogIndex, long TreeSize, byte[] RootHash, IReadOnlyList<byte[]> Hashes, string Checkpoint);
