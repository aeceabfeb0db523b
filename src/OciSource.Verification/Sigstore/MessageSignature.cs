namespace OciSource.Verification.Sigstore;

/// <summary>A signature over an artifact's digest; <see cref="Digest"/> is the bundle's unauthenticated SHA-256 hint, if any.</summary>
internal sealed record MessageSignature(byte[]? Digest, byte[] Signature);
