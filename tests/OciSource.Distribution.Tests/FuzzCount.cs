using System.Globalization;

namespace OciSource.Distribution.Tests;

/// <summary>
/// Inputs per fuzz test: 20,000 in a normal run; set <c>OCISOURCE_FUZZ_COUNT</c> (e.g. 1000000, target R4) for a
/// long run.
/// </summary>
internal static class FuzzCount
{
    public static int Value { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("OCISOURCE_FUZZ_COUNT"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20_000;
}
