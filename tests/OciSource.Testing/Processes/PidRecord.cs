using System.Diagnostics;
using System.Globalization;

namespace OciSource.Testing.Processes;

/// <summary>
/// The record of one process a fixture started, so that <c>eng/test.sh</c> can end exactly the processes its run
/// started (never by a name pattern): a file <c>&lt;pid&gt;</c> under <c>$OCISOURCE_TEST_RUN_DIR/pids</c> holding the
/// process's start time (field 22 of <c>/proc/&lt;pid&gt;/stat</c>, which tells a reused PID from the recorded process)
/// and its name. Disposing removes the file unless the recorded process still runs (then the script ends it). Without
/// the variable (a plain <c>dotnet test</c>) nothing is recorded.
/// </summary>
internal sealed class PidRecord : IDisposable
{
    private readonly string _path;
    private readonly int _pid;
    private readonly string _startTime;

    private PidRecord(string path, int pid, string startTime) => (_path, _pid, _startTime) = (path, pid, startTime);

    /// <summary>
    /// Records <paramref name="process"/> (already started); null when no run directory is set, the process is already
    /// gone, or the record cannot be written (the caller still owns and ends the process; only the script's safety net
    /// is missing then, so a start never fails for it).
    /// </summary>
    public static PidRecord? Create(Process process, string name)
    {
        var runDirectory = Environment.GetEnvironmentVariable(TestEnvironment.RunDirectoryVariable);
        if (string.IsNullOrEmpty(runDirectory) || StartTime(process.Id) is not { } startTime)
        {
            return null;
        }

        try
        {
            var directory = Path.Combine(runDirectory, "pids");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, process.Id.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(path, $"{startTime}\n{name}\n");
            return new PidRecord(path, process.Id, startTime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Field 22 (starttime, clock ticks after boot) of <c>/proc/&lt;pid&gt;/stat</c>; null when the process is gone.</summary>
    public static string? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            // Not found: the process is gone (and reaped).
            return null;
        }

        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 ? fields[19] : null;
    }

    public void Dispose()
    {
        if (StartTime(_pid) == _startTime)
        {
            return;
        }

        try
        {
            File.Delete(_path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
