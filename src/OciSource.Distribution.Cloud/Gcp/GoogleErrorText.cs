using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// The readable part of an error answer: Google's JSON error (<c>{"error":{"code","message","status"}}</c>), the
/// OAuth2 error of STS and token URLs (<c>{"error","error_description"}</c>), or the metadata server's plain text.
/// </summary>
internal static class GoogleErrorText
{
    private const int MaxTextLength = 512;

    public static string Describe(HttpStatusCode status, byte[] body)
    {
        var text = Extract(body);
        var code = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}");
        return text.Length == 0 ? code : $"{code}: {text}";
    }

    private static string Extract(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object)
                {
                    return Join(String(error, "status"), String(error, "message"));
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return Join(error.GetString(), String(root, "error_description"));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the metadata server answers in plain text.
        }

        return Clip(Encoding.UTF8.GetString(body).Trim());
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Join(string? kind, string? message) =>
        Clip(string.Join(": ", new[] { kind, message }.Where(part => !string.IsNullOrWhiteSpace(part))));

    private static string Clip(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxTextLength ? line : line[..MaxTextLength] + "…";
    }
}
