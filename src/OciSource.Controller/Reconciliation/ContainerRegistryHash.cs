using System.Text;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// go-containerregistry's <c>v1.NewHash</c>, which Flux applies to <c>ref.digest</c>: <c>&lt;algorithm&gt;:&lt;hex&gt;</c>
/// with lowercase hex digits, and <c>sha256</c> as the only algorithm, with its error texts.
/// </summary>
internal static class ContainerRegistryHash
{
    private const string LowercaseHex = "0123456789abcdef";

    /// <summary>Null when <paramref name="text"/> is a valid hash, else go-containerregistry's message for it.</summary>
    public static string? Validate(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var algorithm = colon < 0 ? string.Empty : text[..colon];
        var body = colon < 0 ? string.Empty : text[(colon + 1)..];
        if (algorithm.Length == 0 || body.Length == 0)
        {
            return $"cannot parse hash: {GoQuote(text)}";
        }

        foreach (var b in Encoding.UTF8.GetBytes(body))
        {
            if (!LowercaseHex.Contains((char)b, StringComparison.Ordinal))
            {
                // Go's %c of a byte: the code point with that value.
                return $"found non-hex character in hash: {(char)b}";
            }
        }

        if (algorithm != "sha256")
        {
            return $"unsupported hash: {GoQuote(algorithm)}";
        }

        return body.Length == 64 ? null : $"wrong number of hex digits for {algorithm}: {body}";
    }

    /// <summary>Go's <c>%q</c> of a string: double quotes, with backslash escapes for quotes, backslashes and control characters.</summary>
    internal static string GoQuote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\a' => "\\a",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\v' => "\\v",
                < ' ' or '\x7f' => $"\\x{(int)c:x2}",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
