namespace OciSource.Verification.Sigstore;

/// <summary>A bundle's Rekor entry, as read (nothing verified yet).</summary>
internal sealed record TransparencyLogEntry(
    long LogIndex,
    byte[] LogId,
    string Kind,
    string Version,
    long? IntegratedTime,
    byte[]? SignedEntryTimestamp,
    InclusionProof? InclusionProof,
    byte[] CanonicalizedBody);
