using System.Text.Json.Serialization;

namespace OciSource.Api.V1;

/// <summary>Signature verification settings (cosign or notation).</summary>
public sealed record OCIRepositoryVerification
{
    /// <summary><c>cosign</c> (default) or <c>notation</c>.</summary>
    [JsonPropertyName("provider")]
    public string Provider { get; init; } = "cosign";

    /// <summary>Public keys (cosign) or trust policy and certificates (notation).</summary>
    [JsonPropertyName("secretRef")]
    public LocalObjectReference? SecretRef { get; init; }

    /// <summary>Accepted keyless identities (OR-ed).</summary>
    [JsonPropertyName("matchOIDCIdentity")]
    public IList<OIDCIdentityMatch>? MatchOidcIdentity { get; init; }

    /// <summary>A Secret with <c>trusted_root.json</c> for a self-hosted Sigstore.</summary>
    [JsonPropertyName("trustedRootSecretRef")]
    public LocalObjectReference? TrustedRootSecretRef { get; init; }
}
