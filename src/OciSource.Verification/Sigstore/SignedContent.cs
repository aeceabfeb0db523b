namespace OciSource.Verification.Sigstore;

/// <summary>What a log entry must record: the signature, the signed digest or envelope, and the signer's certificate or key.</summary>
internal sealed record SignedContent(byte[] Signature, byte[] ArtifactDigest, DsseEnvelope? Envelope, byte[]? Certificate, byte[] PublicKey);
