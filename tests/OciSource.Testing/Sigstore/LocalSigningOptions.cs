namespace OciSource.Testing.Sigstore;

/// <summary>
/// What <see cref="LocalSigstore"/> puts into one keyless signature, and which part of it to spoil on purpose.
/// Defaults give a bundle that verifies: a certificate valid from ten minutes before the signing time to ten minutes
/// after it (Fulcio's window), a good SCT, SET, inclusion proof and checkpoint.
/// </summary>
public sealed record LocalSigningOptions
{
    /// <summary>The OIDC issuer written into the certificate (Fulcio extension 1.3.6.1.4.1.57264.1.8, and 1.1 too).</summary>
    public string Issuer { get; init; } = "https://oidc.local.test";

    /// <summary>The subject alternative name: an e-mail address, or a URI when it contains "://".</summary>
    public string Subject { get; init; } = "signer@local.test";

    /// <summary>When the signature is made and logged (the Rekor integrated time).</summary>
    public DateTimeOffset SigningTime { get; init; } = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Start of the certificate's validity, relative to <see cref="SigningTime"/>.</summary>
    public TimeSpan NotBefore { get; init; } = TimeSpan.FromMinutes(-10);

    /// <summary>End of the certificate's validity, relative to <see cref="SigningTime"/>.</summary>
    public TimeSpan NotAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Flip a bit of the SCT's signature before embedding it in the certificate.</summary>
    public bool CorruptSct { get; init; }

    /// <summary>Flip a bit of the Rekor signed entry timestamp.</summary>
    public bool CorruptSignedEntryTimestamp { get; init; }

    /// <summary>Flip a bit of the inclusion proof's sibling hash (the checkpoint still signs the true root).</summary>
    public bool CorruptInclusionProof { get; init; }
}
