namespace OciSource.Benchmarks.Scale;

/// <summary>
/// Writes a scenario's results file. The measured part is replaced on every run; a hand-kept section starting with
/// <see cref="LogHeading"/> (the tuning log: each change and its effect) is carried over from the existing file.
/// </summary>
internal static class ResultsFile
{
    public const string LogHeading = "## Tuning log";

    public static async Task WriteAsync(string directory, string name, string measured, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        var kept = string.Empty;
        if (File.Exists(path))
        {
            var existing = await File.ReadAllTextAsync(path, cancellationToken);
            var start = existing.IndexOf(LogHeading, StringComparison.Ordinal);
            kept = start >= 0 ? "\n" + existing[start..] : string.Empty;
        }

        await File.WriteAllTextAsync(path, measured.TrimEnd() + "\n" + kept, cancellationToken);
        Console.WriteLine($"wrote {path}");
    }
}
