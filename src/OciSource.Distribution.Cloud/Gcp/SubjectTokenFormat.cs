using System.Text;
using System.Text.Json;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Reads a subject token out of a file's or a URL's content as the external account's <c>credential_source.format</c>
/// says (google.aip.dev/auth/4117): <c>text</c> (the content, trimmed; the default) or <c>json</c> (the string field
/// <c>subject_token_field_name</c> of a JSON object).
/// </summary>
internal sealed class SubjectTokenFormat
{
    private SubjectTokenFormat(string? jsonField) => JsonField = jsonField;

    /// <summary>The JSON field holding the token; null for <c>text</c>.</summary>
    public string? JsonField { get; }

    public static SubjectTokenFormat Text { get; } = new(null);

    /// <exception cref="InvalidDataException">An unknown format type, or <c>json</c> without a field name.</exception>
    public static SubjectTokenFormat From(GcpCredentialSourceFormat? format)
    {
        var type = string.IsNullOrEmpty(format?.Type) ? "text" : format.Type;
        return type.ToLowerInvariant() switch
        {
            "text" => Text,
            "json" when !string.IsNullOrEmpty(format!.SubjectTokenFieldName) => new SubjectTokenFormat(format.SubjectTokenFieldName),
            "json" => throw new InvalidDataException("credential_source.format of type json needs subject_token_field_name"),
            _ => throw new InvalidDataException($"credential_source.format.type '{type}' is not text or json"),
        };
    }

    /// <exception cref="GoogleEndpointException">The content holds no token; the message names <paramref name="origin"/>.</exception>
    public string Extract(byte[] content, string origin)
    {
        string? token;
        if (JsonField is null)
        {
            token = Encoding.UTF8.GetString(content).Trim();
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(content);
                token = document.RootElement.ValueKind == JsonValueKind.Object
                        && document.RootElement.TryGetProperty(JsonField, out var field) && field.ValueKind == JsonValueKind.String
                    ? field.GetString()
                    : null;
            }
            catch (JsonException)
            {
                throw new GoogleEndpointException($"the subject token in {origin} is not JSON");
            }

            if (token is null)
            {
                throw new GoogleEndpointException($"the subject token in {origin} has no string field '{JsonField}'");
            }
        }

        return token is { Length: > 0 } ? token : throw new GoogleEndpointException($"the subject token in {origin} is empty");
    }
}
