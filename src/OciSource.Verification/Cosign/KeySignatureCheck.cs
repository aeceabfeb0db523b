using OciSource.Verification.Keys;

namespace OciSource.Verification.Cosign;

/// <summary>Builds the <see cref="SignatureCheck"/> of a set of public keys.</summary>
public static class KeySignatureCheck
{
    /// <summary>
    /// True when any of <paramref name="keys"/> verifies the signature over the payload bytes
    /// (<see cref="VerificationKey.VerifyData"/>: each key's scheme, Ed25519 over the data itself). Never throws for a
    /// signature that does not verify. The caller keeps ownership of the keys and must not dispose them while the check is used.
    /// </summary>
    public static SignatureCheck Any(IReadOnlyList<VerificationKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        VerificationKey[] copy = [.. keys];
        return (payload, signature) =>
        {
            foreach (var key in copy)
            {
                if (key.VerifyData(payload, signature))
                {
                    return true;
                }
            }

            return false;
        };
    }
}
