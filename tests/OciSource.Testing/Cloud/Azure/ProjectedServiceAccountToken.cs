using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>
/// A stand-in for a Kubernetes ServiceAccount token (the JWT TokenRequest or a projected volume issues): the claims
/// Entra ID matches against a federated identity credential (<c>iss</c>, <c>sub</c>, <c>aud</c>, <c>exp</c>).
/// </summary>
public static class ProjectedServiceAccountToken
{
    /// <summary>The issuer used when none is given (a cluster's service account issuer URL).</summary>
    public const string DefaultIssuer = "https://oidc.ocisource.test/cluster";

    /// <summary>A token for <c>system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;</c>; expires in an hour unless <paramref name="expiresAt"/> says otherwise.</summary>
    public static string Create(
        string @namespace, string name, string audience = "api://AzureADTokenExchange", DateTimeOffset? expiresAt = null, string issuer = DefaultIssuer)
    {
        var now = DateTimeOffset.UtcNow;
        return TestJwt.Sign(
            new JsonObject
            {
                ["iss"] = issuer,
                ["sub"] = $"system:serviceaccount:{@namespace}:{name}",
                ["aud"] = new JsonArray(audience),
                ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
                ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
                ["exp"] = (expiresAt ?? now.AddHours(1)).ToUnixTimeSeconds(),
                ["jti"] = Guid.NewGuid().ToString(),
            },
            RandomNumberGenerator.GetBytes(32));
    }
}
