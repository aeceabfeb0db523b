using System.Globalization;

namespace OciSource.Testing;

/// <summary>
/// How many random inputs each fuzz-style test feeds: <c>OCISOURCE_FUZZ_INPUTS</c> when set to a positive number,
/// else 20,000. Reliability target R4 asks for at least 1,000,000 per parser: run with
/// <c>OCISOURCE_FUZZ_INPUTS=1000000</c>. Every test seeds its own <see cref="Random"/>, so a failure reproduces.
/// </summary>
public static class FuzzInputs
{
    public const string Variable = "OCISOURCE_FUZZ_INPUTS";

    public const int DefaultCount = 20_000;

    public static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : DefaultCount;

    /// <summary>Shows control and non-ASCII characters of a failing input as escapes.</summary>
    public static string Show(string? text) =>
        text is null ? "<null>" : string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}
