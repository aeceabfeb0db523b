namespace OciSource.Verification.Notation;

/// <summary>One statement of a trust policy document.</summary>
/// <param name="Name">The statement's unique name.</param>
/// <param name="RegistryScopes">Repository scopes (<c>registry/repository</c>) or the single wildcard <c>*</c>.</param>
/// <param name="Level">The verification level.</param>
/// <param name="TrustStores">Trust stores as <c>type:name</c> (<c>ca:</c> or <c>signingAuthority:</c>).</param>
/// <param name="TrustedIdentities">Trusted identities: <c>*</c> or <c>x509.subject:</c> distinguished names.</param>
public sealed record TrustPolicy(
    string Name,
    IReadOnlyList<string> RegistryScopes,
    VerificationLevel Level,
    IReadOnlyList<string> TrustStores,
    IReadOnlyList<string> TrustedIdentities);
