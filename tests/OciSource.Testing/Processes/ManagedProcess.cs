using System.Diagnostics;
using System.Text;

namespace OciSource.Testing.Processes;

/// <summary>
/// A long-running child process of a fixture. Standard output and error go to <see cref="LogPath"/>, whose tail
/// failure messages quote. Disposing kills the whole process tree and waits until it has exited. The process is recorded
/// for <c>eng/test.sh</c> (see <see cref="PidRecord"/>) until it has been reaped.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private const int TailCharacters = 6000;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private readonly List<LineWaiter> _lineWaiters = [];
    private PidRecord? _record;

    private ManagedProcess(string name, Process process, string logPath, StreamWriter log)
    {
        Name = name;
        _process = process;
        LogPath = logPath;
        _log = log;
    }

    public string Name { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="fileName"/>; its log goes to <c>&lt;logDirectory&gt;/&lt;name&gt;.log</c>.</summary>
    public static ManagedProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string logDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var logPath = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), Encoding.UTF8)
        {
            AutoFlush = true,
        };
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var managed = new ManagedProcess(name, process, logPath, log);
        process.OutputDataReceived += (_, e) => managed.AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => managed.AppendLog(e.Data);
        if (!process.Start())
        {
            throw new ProcessStartFailedException($"{name}: {fileName} could not be started.");
        }

        managed._record = PidRecord.Create(process, name);

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>
    /// Starts a process (built by <paramref name="start"/> for a given attempt) and waits until <paramref name="isReady"/>
    /// answers true. A process that exits before it is ready (typically a port taken between choosing and binding it)
    /// is started again, at most <paramref name="attempts"/> times.
    /// </summary>
    /// <exception cref="ProcessStartFailedException">Every attempt exited early, or the process was not ready in time.</exception>
    public static async Task<ManagedProcess> StartUntilReadyAsync(
        Func<ManagedProcess> start,
        Func<CancellationToken, Task<bool>> isReady,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = start();
            try
            {
                await process.WaitUntilReadyAsync(isReady, timeout, cancellationToken);
                return process;
            }
            catch (ProcessStartFailedException) when (process.HasExited && attempt < attempts)
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Polls <paramref name="isReady"/> every 100 ms; probe exceptions count as "not yet".</summary>
    /// <exception cref="ProcessStartFailedException">The process exited, or <paramref name="timeout"/> passed.</exception>
    public async Task WaitUntilReadyAsync(Func<CancellationToken, Task<bool>> isReady, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new ProcessStartFailedException($"{Name} exited with code {_process.ExitCode} before it was ready.\n{Tail()}");
            }

            try
            {
                if (await isReady(cancellationToken))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            if (deadline.Elapsed > timeout)
            {
                throw new ProcessStartFailedException($"{Name} was not ready after {timeout.TotalSeconds:0} s.\n{Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>
    /// Waits until the process has written <paramref name="occurrences"/> output lines that contain
    /// <paramref name="text"/> (counting lines written before the call).
    /// </summary>
    /// <exception cref="ProcessStartFailedException">The process exited first; the message holds its exit code and log.</exception>
    public async Task WaitForLineAsync(string text, CancellationToken cancellationToken, int occurrences = 1)
    {
        var waiter = new LineWaiter(text, occurrences);
        lock (_logGate)
        {
            using (var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), Encoding.UTF8))
            {
                while (reader.ReadLine() is { } line)
                {
                    waiter.Offer(line);
                }
            }

            _lineWaiters.Add(waiter);
        }

        try
        {
            var exited = _process.WaitForExitAsync(cancellationToken);
            await Task.WhenAny(waiter.Seen.Task, exited);
            cancellationToken.ThrowIfCancellationRequested();
            if (!waiter.Seen.Task.IsCompleted)
            {
                throw new ProcessStartFailedException(
                    $"{Name} exited with code {_process.ExitCode} before writing '{text}' {occurrences} time(s) (seen {occurrences - waiter.Remaining}).\n{Tail()}");
            }
        }
        finally
        {
            lock (_logGate)
            {
                _lineWaiters.Remove(waiter);
            }
        }
    }

    /// <summary>Waits until the process exits on its own and returns its exit code (all its output is in the log by then).</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>The last few thousand characters of the process's output, headed by the log's path.</summary>
    public string Tail()
    {
        lock (_logGate)
        {
            using var reader = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, reader.Length - TailCharacters);
            reader.Seek(start, SeekOrigin.Begin);
            using var text = new StreamReader(reader, Encoding.UTF8);
            return $"--- {Name} log ({LogPath}), last {TailCharacters} characters ---\n{text.ReadToEnd()}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(ExitWait);
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _record?.Dispose();
            lock (_logGate)
            {
                _log.Dispose();
            }

            _process.Dispose();
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after disposal is dropped.
            }

            foreach (var waiter in _lineWaiters)
            {
                waiter.Offer(line);
            }
        }
    }
}
