using System.Text.Json;

namespace OciSource.Verification.Cosign;

/// <summary>Reads cosign's simple-signing payload (<c>critical.type</c>, <c>critical.image.docker-manifest-digest</c>).</summary>
internal static class SimpleSigningPayload
{
    /// <summary>The <c>critical.type</c> cosign 2 writes.</summary>
    public const string CosignType = "cosign container image signature";

    /// <summary>The <c>critical.type</c> cosign 3 writes (RECIPE: verified with cosign 3.1.1).</summary>
    public const string CosignV3Type = "https://sigstore.dev/cosign/sign/v1";

    /// <summary>True when the payload parses, has cosign's type and names <paramref name="digest"/>.</summary>
    public static bool NamesDigest(ReadOnlySpan<byte> payload, string digest)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("critical", out var critical) && critical.ValueKind == JsonValueKind.Object &&
                critical.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is CosignType or CosignV3Type &&
                critical.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.Object &&
                image.TryGetProperty("docker-manifest-digest", out var named) && named.ValueKind == JsonValueKind.String &&
                named.GetString() == digest;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: GetString on an escape that is not valid Unicode (a lone surrogate).
            return false;
        }
    }
}
