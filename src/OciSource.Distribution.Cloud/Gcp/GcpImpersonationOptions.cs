using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>An external account file's <c>service_account_impersonation</c> options.</summary>
internal sealed class GcpImpersonationOptions
{
    /// <summary>The impersonated token's lifetime in seconds (Google's default 3600).</summary>
    [JsonPropertyName("token_lifetime_seconds")]
    public int? TokenLifetimeSeconds { get; init; }
}
