using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>
/// Issues and checks the Entra ID access tokens of the simulators: the Entra token endpoint and IMDS issue them,
/// the ACR exchange accepts only tokens issued here (signature, <c>exp</c>, <c>aud</c>).
/// </summary>
public sealed class EntraTokenIssuer
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>A token for <paramref name="resource"/> (its <c>aud</c>) of <paramref name="clientId"/> in <paramref name="tenantId"/>, valid for <paramref name="lifetime"/> (negative: already expired).</summary>
    public (string Token, DateTimeOffset ExpiresOn) Issue(string tenantId, string clientId, string resource, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow;
        var expiresOn = now + lifetime;
        var token = TestJwt.Sign(
            new JsonObject
            {
                ["aud"] = resource,
                ["iss"] = $"https://sts.windows.net/{tenantId}/",
                ["iat"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
                ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
                ["exp"] = expiresOn.ToUnixTimeSeconds(),
                ["appid"] = clientId,
                ["oid"] = clientId,
                ["sub"] = clientId,
                ["tid"] = tenantId,
                ["ver"] = "1.0",
            },
            _key);
        return (token, DateTimeOffset.FromUnixTimeSeconds(expiresOn.ToUnixTimeSeconds()));
    }

    /// <summary>The claims of a token issued here that has not expired; otherwise null and why.</summary>
    public (JsonObject? Claims, string? Failure) Validate(string token)
    {
        var claims = TestJwt.Verify(token, _key);
        if (claims is null)
        {
            return (null, "the access token was not issued by Microsoft Entra ID");
        }

        return TestJwt.Time(claims, "exp") is { } exp && exp > DateTimeOffset.UtcNow ? (claims, null) : (null, "the access token has expired");
    }
}
