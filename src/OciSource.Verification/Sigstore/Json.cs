using System.Text.Json;

namespace OciSource.Verification.Sigstore;

/// <summary>Small readers over <see cref="JsonElement"/> that throw <see cref="SigstoreVerificationException"/> naming the missing or malformed field.</summary>
internal static class Json
{
    public static JsonElement Required(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new SigstoreVerificationException($"The field '{name}' is missing.");

    public static JsonElement? Optional(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? OptionalString(JsonElement owner, string name) =>
        Optional(owner, name) is { } value ? StringValue(value, name) : null;

    /// <summary>The text of a JSON string; refuses other kinds and strings that are not valid Unicode (bad UTF-8, lone surrogates).</summary>
    public static string StringValue(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new SigstoreVerificationException($"The field '{name}' is not a string.");
        }

        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new SigstoreVerificationException($"The field '{name}' is not valid Unicode text.", e);
        }
    }

    public static string String(JsonElement owner, string name) =>
        OptionalString(owner, name) ?? throw new SigstoreVerificationException($"The field '{name}' is missing.");

    public static IEnumerable<JsonElement> Array(JsonElement owner, string name) =>
        Optional(owner, name) is { } value
            ? value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw new SigstoreVerificationException($"The field '{name}' is not an array.")
            : [];

    public static byte[] Base64(JsonElement owner, string name) => Base64Value(Required(owner, name), name);

    /// <summary>Decodes a JSON string holding base64.</summary>
    public static byte[] Base64Value(JsonElement value, string name)
    {
        try
        {
            return Convert.FromBase64String(StringValue(value, name));
        }
        catch (FormatException e)
        {
            throw new SigstoreVerificationException($"The field '{name}' is not valid base64.", e);
        }
    }

    /// <summary>Reads an int64 written as a JSON string (protobuf JSON) or number.</summary>
    public static long Int64(JsonElement owner, string name)
    {
        var value = Required(owner, name);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && long.TryParse(StringValue(value, name), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw new SigstoreVerificationException($"The field '{name}' is not an integer.");
    }
}
