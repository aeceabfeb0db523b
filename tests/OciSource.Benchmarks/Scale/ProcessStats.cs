using System.Globalization;

namespace OciSource.Benchmarks.Scale;

/// <summary>A process's resource use as Linux reports it in <c>/proc/&lt;pid&gt;</c>.</summary>
internal static class ProcessStats
{
    /// <summary>Clock ticks per second of <c>/proc/&lt;pid&gt;/stat</c> (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds the process has used so far (<c>utime + stime</c>).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Peak resident set size in bytes so far (<c>VmHWM</c>).</summary>
    public static long PeakRssBytes(int pid) => StatusKiB(pid, "VmHWM:") * 1024;

    /// <summary>Current resident set size in bytes (<c>VmRSS</c>).</summary>
    public static long RssBytes(int pid) => StatusKiB(pid, "VmRSS:") * 1024;

    private static long StatusKiB(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
