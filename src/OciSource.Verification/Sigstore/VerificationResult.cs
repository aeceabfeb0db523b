namespace OciSource.Verification.Sigstore;

/// <summary>What a successful verification established.</summary>
/// <param name="SignedAt">The verified signing times (Rekor integrated times and RFC 3161 timestamps).</param>
/// <param name="Issuer">The certificate's OIDC issuer; <see langword="null"/> for keyed verification.</param>
/// <param name="Subject">The matched subject alternative name; <see langword="null"/> for keyed verification.</param>
public sealed record VerificationResult(IReadOnlyList<DateTimeOffset> SignedAt, string? Issuer, string? Subject);
