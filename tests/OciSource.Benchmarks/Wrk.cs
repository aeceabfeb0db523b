using System.Globalization;

namespace OciSource.Benchmarks;

/// <summary>
/// Runs the Debian <c>wrk</c> load generator with a Lua <c>done</c> hook that prints exact counts (wrk's own summary
/// rounds), and measures the CPU time wrk, the server under test and the rest of the machine used during the run.
/// </summary>
internal sealed class Wrk(string workDirectory)
{
    public const string Path = "/usr/bin/wrk";

    private const string Marker = "OCISOURCE-WRK";

    private const string DoneHook = $$"""
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("{{Marker}} %d %d %d %d %d %d\n", summary.requests, summary.bytes, summary.duration,
            e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(99)))
        end
        """;

    private readonly string _script = WriteScript(workDirectory);

    /// <summary>The command line (without the script option) as the report shows it.</summary>
    public static string CommandLine(int threads, int connections, int seconds, Uri url) =>
        string.Join(' ', ["wrk", .. Arguments(threads, connections, seconds), url.ToString()]);

    /// <summary>The first line <c>wrk -v</c> prints.</summary>
    public static async Task<string> VersionAsync(CancellationToken ct) =>
        (await ProcessOutput.RunAsync(Path, ["-v"], ct)).Split('\n')[0].Trim();

    /// <summary>Runs wrk against <paramref name="url"/>; <paramref name="serverCpu"/> reads the server's total CPU time.</summary>
    /// <exception cref="InvalidOperationException">wrk failed or printed no result.</exception>
    public async Task<WrkResult> RunAsync(int threads, int connections, int seconds, Uri url, Func<TimeSpan> serverCpu, CancellationToken ct)
    {
        var machineBefore = ProcStat.MachineBusy();
        var serverBefore = serverCpu();
        var childrenBefore = ReapedChildrenCpu();
        var (exitCode, output) = await ProcessOutput.RunWithExitCodeAsync(Path, [.. Arguments(threads, connections, seconds), "-s", _script, url.ToString()], ct);
        var serverUsed = serverCpu() - serverBefore;
        var wrkUsed = ReapedChildrenCpu() - childrenBefore;
        var otherUsed = ProcStat.MachineBusy() - machineBefore - serverUsed - wrkUsed;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (exitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk exited with {exitCode}\n{output}");
        }

        var f = line[(Marker.Length + 1)..].Split(' ').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new WrkResult(
            f[0], f[1], TimeSpan.FromMicroseconds(f[2]), f[3], TimeSpan.FromMicroseconds(f[4]), TimeSpan.FromMicroseconds(f[5]), serverUsed, wrkUsed,
            otherUsed > TimeSpan.Zero ? otherUsed : TimeSpan.Zero);
    }

    private static string[] Arguments(int threads, int connections, int seconds) =>
        [$"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--timeout", "30s"];

    /// <summary>User + system time of this process's waited-for children (<c>cutime</c> + <c>cstime</c> of /proc/self/stat).</summary>
    private static TimeSpan ReapedChildrenCpu() => ProcStat.CpuTime("self", childrenOnly: true);

    private static string WriteScript(string directory)
    {
        var path = System.IO.Path.Combine(directory, "done.lua");
        File.WriteAllText(path, DoneHook);
        return path;
    }
}
