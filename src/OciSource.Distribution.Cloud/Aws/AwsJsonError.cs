using System.Text.Json;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>An AWS JSON-protocol error answer: <c>{"__type": "…#Code", "message": "…"}</c> (or the <c>x-amzn-ErrorType</c> header).</summary>
internal static class AwsJsonError
{
    private const int MaxMessageLength = 512;

    /// <summary>The error code (without its namespace) and message; "unknown error" when the body says neither.</summary>
    public static (string Code, string Message) Parse(byte[] body, string? errorTypeHeader)
    {
        string? code = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (property.NameEquals("__type") || property.NameEquals("code"))
                    {
                        code ??= property.Value.GetString();
                    }
                    else if (string.Equals(property.Name, "message", StringComparison.OrdinalIgnoreCase))
                    {
                        message ??= property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): the code from the header, if any, says enough.
        }

        code ??= errorTypeHeader?.Split(':')[0];
        code = string.IsNullOrEmpty(code) ? "UnknownError" : code[(code.LastIndexOf('#') + 1)..];
        message = string.IsNullOrEmpty(message) ? "unknown error" : message;
        return (code, message.Length > MaxMessageLength ? message[..MaxMessageLength] + "…" : message);
    }
}
