using System.Globalization;

namespace OciSource.Benchmarks;

/// <summary>CPU times read from Linux's <c>/proc/stat</c> and <c>/proc/&lt;pid&gt;/stat</c>.</summary>
internal static class ProcStat
{
    /// <summary>Linux reports these times in USER_HZ, which is 100 on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Columns of the <c>cpu</c> line of /proc/stat that count as busy: user, nice, system, irq, softirq, steal.</summary>
    private static readonly int[] BusyColumns = [1, 2, 3, 6, 7, 8];

    /// <summary>
    /// utime + stime of <paramref name="pid"/> (a number or <c>self</c>), or with <paramref name="childrenOnly"/>
    /// cutime + cstime (its children that exited and were waited for). Zero when the process is gone.
    /// </summary>
    public static TimeSpan CpuTime(string pid, bool childrenOnly = false)
    {
        var fields = Fields(pid);
        if (fields is null)
        {
            return TimeSpan.Zero;
        }

        // Fields after the command name, numbered from 3 (state): utime 14, stime 15, cutime 16, cstime 17.
        var first = childrenOnly ? 16 : 14;
        var ticks = long.Parse(fields[first - 3], CultureInfo.InvariantCulture) + long.Parse(fields[first - 2], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>CPU time all cores spent busy so far (see <see cref="BusyColumns"/>).</summary>
    public static TimeSpan MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = BusyColumns.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>The ids of the processes whose parent is <paramref name="pid"/>.</summary>
    public static IEnumerable<int> Children(int pid)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(directory);
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                && Fields(name) is { } fields
                && int.Parse(fields[1], CultureInfo.InvariantCulture) == pid)
            {
                yield return child;
            }
        }
    }

    /// <summary>The space-separated fields after <c>(comm)</c>, starting with the state; null when the process is gone.</summary>
    private static string[]? Fields(string pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }
}
