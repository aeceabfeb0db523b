using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>The IAM Service Account Credentials <c>generateAccessToken</c> request body.</summary>
internal sealed class IamAccessTokenRequest
{
    /// <summary>The delegation chain (<c>projects/-/serviceAccounts/&lt;email&gt;</c>), omitted when empty.</summary>
    [JsonPropertyName("delegates")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Delegates { get; init; }

    [JsonPropertyName("scope")]
    public required IReadOnlyList<string> Scope { get; init; }

    /// <summary>The token's lifetime, e.g. <c>3600s</c>.</summary>
    [JsonPropertyName("lifetime")]
    public required string Lifetime { get; init; }
}
