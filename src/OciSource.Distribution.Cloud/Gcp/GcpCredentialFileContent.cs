using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// The fields of an Application Default Credentials file that the gcp provider reads, for every <c>type</c> it accepts
/// (google.aip.dev/auth/4112 service account keys, 4117 external accounts, <c>authorized_user</c>,
/// <c>external_account_authorized_user</c>, <c>impersonated_service_account</c>). Holds secrets (private key, client
/// secret, refresh token): never shown.
/// </summary>
internal sealed class GcpCredentialFileContent
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("client_email")]
    public string? ClientEmail { get; init; }

    /// <summary>The service account's PKCS#8 PEM private key.</summary>
    [JsonPropertyName("private_key")]
    public string? PrivateKey { get; init; }

    [JsonPropertyName("private_key_id")]
    public string? PrivateKeyId { get; init; }

    /// <summary>A service account key's or a user's token endpoint.</summary>
    [JsonPropertyName("token_uri")]
    public string? TokenUri { get; init; }

    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("audience")]
    public string? Audience { get; init; }

    [JsonPropertyName("subject_token_type")]
    public string? SubjectTokenType { get; init; }

    /// <summary>An external account's STS endpoint, or an external account user's token endpoint.</summary>
    [JsonPropertyName("token_url")]
    public string? TokenUrl { get; init; }

    [JsonPropertyName("service_account_impersonation_url")]
    public string? ServiceAccountImpersonationUrl { get; init; }

    [JsonPropertyName("service_account_impersonation")]
    public GcpImpersonationOptions? ServiceAccountImpersonation { get; init; }

    [JsonPropertyName("credential_source")]
    public GcpCredentialSource? CredentialSource { get; init; }

    /// <summary>The credential an <c>impersonated_service_account</c> file impersonates with.</summary>
    [JsonPropertyName("source_credentials")]
    public GcpCredentialFileContent? SourceCredentials { get; init; }

    /// <summary>The Google Cloud universe of a service account key; absent or <c>googleapis.com</c> for Google's public cloud.</summary>
    [JsonPropertyName("universe_domain")]
    public string? UniverseDomain { get; init; }

    [JsonPropertyName("delegates")]
    public IReadOnlyList<string>? Delegates { get; init; }

    public override string ToString() => $"GcpCredentialFileContent({Type}, <redacted>)";
}
