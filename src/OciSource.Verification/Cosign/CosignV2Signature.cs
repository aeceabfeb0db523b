namespace OciSource.Verification.Cosign;

/// <summary>One layer of a cosign v2 <c>.sig</c> manifest: the simple-signing payload (digest-checked) and its raw signature.</summary>
/// <param name="Keyless">The layer carries a Fulcio certificate annotation (a keyless signature).</param>
internal sealed record CosignV2Signature(byte[] Payload, byte[] Signature, bool Keyless);
