using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>The IAM Service Account Credentials <c>generateAccessToken</c> answer. Never shown.</summary>
internal sealed class IamAccessTokenAnswer
{
    [JsonPropertyName("accessToken")]
    public string? AccessToken { get; init; }

    /// <summary>RFC 3339 time the token expires.</summary>
    [JsonPropertyName("expireTime")]
    public string? ExpireTime { get; init; }

    public override string ToString() => "IamAccessTokenAnswer(<redacted>)";
}
