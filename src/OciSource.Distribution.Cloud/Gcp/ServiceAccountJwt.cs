using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// The signed assertion of a service account key (developers.google.com/identity/protocols/oauth2/service-account,
/// "Preparing to make an authorized API call"): a JWT, RS256 over <c>base64url(header).base64url(claims)</c> with the
/// key's RSA private key (PKCS #1 v1.5 padding, SHA-256). The result is a secret.
/// </summary>
internal static class ServiceAccountJwt
{
    /// <summary>The assertion's lifetime: Google accepts at most one hour.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <exception cref="CryptographicException">The key cannot sign.</exception>
    /// <exception cref="ArgumentException">The PEM holds no supported key.</exception>
    public static string Sign(ServiceAccountKey key, IReadOnlyList<string> scopes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = JsonSerializer.SerializeToUtf8Bytes(new ServiceAccountJwtHeader { KeyId = key.KeyId }, GcpJsonContext.Default.ServiceAccountJwtHeader);
        var issuedAt = now.ToUnixTimeSeconds();
        var claims = JsonSerializer.SerializeToUtf8Bytes(
            new ServiceAccountJwtClaims
            {
                Issuer = key.ClientEmail,
                Scope = string.Join(' ', scopes),
                Audience = key.TokenUri.AbsoluteUri,
                IssuedAt = issuedAt,
                ExpiresAt = issuedAt + (long)Lifetime.TotalSeconds,
            },
            GcpJsonContext.Default.ServiceAccountJwtClaims);
        return Signed(key, header, claims);
    }

    /// <summary>A self-signed JWT access token (google.aip.dev/auth/4111): <c>iss</c> and <c>sub</c> the service account, the scopes, no audience.</summary>
    public static string SignSelf(ServiceAccountKey key, IReadOnlyList<string> scopes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = JsonSerializer.SerializeToUtf8Bytes(new ServiceAccountJwtHeader { KeyId = key.KeyId }, GcpJsonContext.Default.ServiceAccountJwtHeader);
        var issuedAt = now.ToUnixTimeSeconds();
        var claims = JsonSerializer.SerializeToUtf8Bytes(
            new SelfSignedJwtClaims
            {
                Issuer = key.ClientEmail,
                Subject = key.ClientEmail,
                Scope = string.Join(' ', scopes),
                IssuedAt = issuedAt,
                ExpiresAt = issuedAt + (long)Lifetime.TotalSeconds,
            },
            GcpJsonContext.Default.SelfSignedJwtClaims);
        return Signed(key, header, claims);
    }

    private static string Signed(ServiceAccountKey key, byte[] header, byte[] claims)
    {
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(claims);
        using var rsa = key.CreateRsa();
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
