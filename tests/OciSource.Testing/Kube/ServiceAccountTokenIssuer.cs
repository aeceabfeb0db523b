using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OciSource.Testing.Kube;

/// <summary>
/// What the API server's TokenRequest API (<c>POST …/serviceaccounts/&lt;name&gt;/token</c>) does for
/// <see cref="CoreApiFront"/>: a ServiceAccount JWT, RS256, signed with this issuer's own key, with the claims the real
/// server writes (<c>iss</c>, <c>sub</c> <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>, <c>aud</c> the requested
/// audiences, <c>exp</c>/<c>iat</c>/<c>nbf</c>, <c>kubernetes.io</c>). A cloud simulator verifies tokens with
/// <see cref="Verify"/>, as a cloud's STS verifies them against the cluster's OIDC issuer.
/// </summary>
public sealed class ServiceAccountTokenIssuer
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentQueue<IssuedServiceAccountToken> _issued = new();

    /// <summary>The <c>iss</c> claim: the cluster's OIDC issuer URL.</summary>
    public string Issuer { get; } = "https://oidc.ocisource.test/cluster";

    /// <summary>The key id in the tokens' header.</summary>
    public string KeyId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Every token issued so far, oldest first.</summary>
    public IReadOnlyList<IssuedServiceAccountToken> Issued => [.. _issued];

    /// <summary>Issues a token for the ServiceAccount, valid for <paramref name="lifetime"/>.</summary>
    public string Issue(string @namespace, string name, string uid, IReadOnlyList<string> audiences, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId };
        var audience = new JsonArray([.. audiences.Select(a => JsonValue.Create(a))]);
        var claims = new JsonObject
        {
            ["aud"] = audience,
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["sub"] = $"system:serviceaccount:{@namespace}:{name}",
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = @namespace,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid },
            },
        };
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = $"{signingInput}.{Base64Url.EncodeToString(signature)}";
        _issued.Enqueue(new IssuedServiceAccountToken(@namespace, name, audiences, token));
        return token;
    }

    /// <summary>
    /// The claims of <paramref name="token"/> when this issuer signed it, it has not expired and its <c>aud</c> holds
    /// <paramref name="audience"/>; else null and why in <paramref name="error"/>.
    /// </summary>
    public JsonObject? Verify(string token, string audience, out string error)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            error = "not a JWT";
            return null;
        }

        try
        {
            if (!_key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                error = "signature does not verify with the cluster issuer's key";
                return null;
            }

            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
            if (claims["exp"]!.GetValue<long>() <= DateTimeOffset.UtcNow.ToUnixTimeSeconds())
            {
                error = "token expired";
                return null;
            }

            if (!claims["aud"]!.AsArray().Any(a => a!.GetValue<string>() == audience))
            {
                error = $"audience is not '{audience}'";
                return null;
            }

            error = string.Empty;
            return claims;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
        {
            error = "malformed JWT";
            return null;
        }
    }

    private static string Encode(JsonObject value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value.ToJsonString()));
}
