namespace OciSource.Verification.Cosign;

/// <summary>Checks a raw signature over a payload with the configured public key(s); true when it verifies.</summary>
/// <remarks>Must not throw for a signature that merely fails to verify.</remarks>
public delegate bool SignatureCheck(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature);
