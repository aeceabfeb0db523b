using OciSource.Verification.Keys;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// Who must have signed: either the holder of a public key (the bundle must then carry no certificate), or a Fulcio
/// certificate whose identity matches one of the identities.
/// </summary>
public sealed class VerificationPolicy
{
    private VerificationPolicy(VerificationKey? key, IReadOnlyList<CertificateIdentity> identities, bool ignoreTransparencyLog)
    {
        Key = key;
        Identities = identities;
        IgnoreTransparencyLog = ignoreTransparencyLog;
    }

    /// <summary>The public key, for keyed verification; <see langword="null"/> for certificate identities.</summary>
    public VerificationKey? Key { get; }

    /// <summary>The accepted certificate identities; empty for keyed verification.</summary>
    public IReadOnlyList<CertificateIdentity> Identities { get; }

    /// <summary>
    /// True only for <see cref="ForKeyOffline"/>: transparency-log entries and timestamps are neither required nor
    /// checked (cosign's <c>--insecure-ignore-tlog</c>, Flux's keyed mode). Certificate identities can never set it.
    /// </summary>
    public bool IgnoreTransparencyLog { get; }

    /// <summary>Signed with <paramref name="key"/> (the caller keeps ownership of the key).</summary>
    public static VerificationPolicy ForKey(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new VerificationPolicy(key, [], ignoreTransparencyLog: false);
    }

    /// <summary>
    /// Signed with <paramref name="key"/>, offline: only the signature and the signed artifact digest are checked;
    /// log entries and timestamps, present or not, are ignored (what Flux does for keyed cosign verification, and what
    /// cosign's offline signing config produces: bundles without any log entry). The caller keeps ownership of the key.
    /// </summary>
    public static VerificationPolicy ForKeyOffline(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new VerificationPolicy(key, [], ignoreTransparencyLog: true);
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

        return new VerificationPolicy(null, list, ignoreTransparencyLog: false);
    }
}
