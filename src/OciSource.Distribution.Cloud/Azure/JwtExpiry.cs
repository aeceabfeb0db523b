using System.Buffers.Text;
using System.Text.Json;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>The <c>exp</c> claim of a JWT, read without verifying the signature (as Flux reads the ACR refresh token).</summary>
internal static class JwtExpiry
{
    /// <summary>The expiry of <paramref name="jwt"/>, or null when it is not a JWT with a numeric <c>exp</c>.</summary>
    public static DateTimeOffset? Read(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3 || parts[1].Length > 64 * 1024)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("exp", out var exp)
                && exp.ValueKind == JsonValueKind.Number
                && exp.TryGetDouble(out var seconds)
                && seconds is > 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds((long)seconds)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
