using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace OciSource.Testing.Cloud.Aws;

/// <summary>
/// Checks an AWS Signature Version 4 <c>Authorization</c> header, written from AWS's published algorithm
/// independently of the SDK: canonical request, string to sign, HMAC-SHA256 key derivation.
/// </summary>
internal static partial class SigV4Verifier
{
    /// <summary>The parsed header: the access key and the credential scope.</summary>
    public sealed record Scope(string AccessKeyId, string Date, string Region, string Service);

    /// <summary>The credential scope of the header, or null when it is not a SigV4 header.</summary>
    public static Scope? ParseScope(string authorization)
    {
        var match = HeaderRegex().Match(authorization);
        return match.Success ? new Scope(match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value) : null;
    }

    /// <summary>Whether the signature verifies with <paramref name="secretAccessKey"/>; <paramref name="problem"/> says why not.</summary>
    public static bool Verify(HttpRequest request, byte[] body, string secretAccessKey, out string problem)
    {
        var match = HeaderRegex().Match(request.Headers.Authorization.ToString());
        if (!match.Success)
        {
            problem = "the Authorization header is not AWS4-HMAC-SHA256";
            return false;
        }

        var signedHeaders = match.Groups["signed"].Value.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            problem = "host and x-amz-date must be signed";
            return false;
        }

        if (request.Headers.ContainsKey("X-Amz-Security-Token") && !signedHeaders.Contains("x-amz-security-token"))
        {
            problem = "x-amz-security-token must be signed";
            return false;
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(string.IsNullOrEmpty(request.Path.Value) ? "/" : request.Path.Value).Append('\n')
            .Append(CanonicalQuery(request)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var value = name == "host" ? request.Host.Value : request.Headers[name].ToString();
            canonical.Append(name).Append(':').Append(SpacesRegex().Replace((value ?? string.Empty).Trim(), " ")).Append('\n');
        }

        canonical.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(Hex(SHA256.HashData(body)));
        var scope = $"{match.Groups["date"].Value}/{match.Groups["region"].Value}/{match.Groups["service"].Value}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), match.Groups["date"].Value);
        key = Hmac(key, match.Groups["region"].Value);
        key = Hmac(key, match.Groups["service"].Value);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(match.Groups["signature"].Value)))
        {
            problem = "signature mismatch";
            return false;
        }

        if (!amzDate.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal)
            || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || (signedAt - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromMinutes(15))
        {
            problem = "x-amz-date is malformed or more than 15 minutes off";
            return false;
        }

        problem = string.Empty;
        return true;
    }

    private static string CanonicalQuery(HttpRequest request) =>
        string.Join('&', request.Query
            .SelectMany(p => p.Value.Select(v => (Key: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(v ?? string.Empty))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex HeaderRegex();

    [GeneratedRegex(" +")]
    private static partial Regex SpacesRegex();
}
