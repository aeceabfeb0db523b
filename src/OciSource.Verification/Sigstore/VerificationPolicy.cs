using OciSource.Verification.Keys;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// Who must have signed: either the holder of a public key (the bundle must then carry no certificate), or a Fulcio
/// certificate whose identity matches one of the identities.
/// </summary>
public sealed class VerificationPolicy
{
    private VerificationPolicy(VerificationKey? key, IReadOnlyList<CertificateIdentity> identities)
    {
        Key = key;
        Identities = identities;
    }

    /// <summary>The public key, for keyed verification; <see langword="null"/> for certificate identities.</summary>
    public VerificationKey? Key { get; }

    /// <summary>The accepted certificate identities; empty for keyed verification.</summary>
    public IReadOnlyList<CertificateIdentity> Identities { get; }

    /// <summary>Signed with <paramref name="key"/> (the caller keeps ownership of the key).</summary>
    public static VerificationPolicy ForKey(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new VerificationPolicy(key, []);
    }

    /// <summary>Signed by a Fulcio certificate matching any of <paramref name="identities"/>.</summary>
    /// <exception cref="ArgumentException">No identity is given.</exception>
    public static VerificationPolicy ForIdentities(IEnumerable<CertificateIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var list = identities.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one certificate identity is needed.", nameof(identities));
        }

        return new VerificationPolicy(null, list);
    }
}
