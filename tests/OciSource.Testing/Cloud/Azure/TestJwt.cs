using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>Compact JWTs signed with HS256 for the Azure simulators (clients never verify these signatures; the simulators do).</summary>
public static class TestJwt
{
    /// <summary>A JWT with <paramref name="claims"/>, signed with <paramref name="key"/>.</summary>
    public static string Sign(JsonObject claims, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>The claims of <paramref name="token"/> without checking its signature; null when it is not a JWT.</summary>
    public static JsonObject? ReadClaims(string token)
    {
        var parts = (token ?? string.Empty).Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The claims of <paramref name="token"/> when its HS256 signature verifies with <paramref name="key"/>; else null.</summary>
    public static JsonObject? Verify(string token, byte[] key)
    {
        var parts = (token ?? string.Empty).Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        byte[] given;
        try
        {
            given = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) ? ReadClaims(token!) : null;
    }

    /// <summary>A claim that holds a Unix time, as an instant; null when absent or not a number.</summary>
    public static DateTimeOffset? Time(JsonObject claims, string name) =>
        claims[name] is JsonValue value && value.TryGetValue<long>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>A string claim; null when absent or not a string.</summary>
    public static string? Text(JsonObject claims, string name) =>
        claims[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
