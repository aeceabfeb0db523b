using System.Text;

namespace OciSource.Testing.Processes;

/// <summary>
/// A text writer an in-process host logs to: lines can be awaited as signals (like
/// <see cref="ManagedProcess.WaitForLineAsync"/>) and the last part of the text goes into failure messages. Keeps at
/// most the last <see cref="KeptLines"/> lines for waiters and <see cref="TailCharacters"/> characters for messages.
/// Thread-safe.
/// </summary>
public sealed class CapturedLog : TextWriter
{
    private const int TailCharacters = 16_000;
    private const int KeptLines = 10_000;
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _line = new();
    private readonly List<LineWaiter> _waiters = [];
    private readonly List<string> _lines = [];

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            foreach (var c in value ?? string.Empty)
            {
                Append(c);
            }
        }
    }

    /// <summary>
    /// A task that completes once a line containing <paramref name="text"/> has been written (the last
    /// <see cref="KeptLines"/> lines written before the call count).
    /// </summary>
    public Task WaitForLineAsync(string text, CancellationToken cancellationToken)
    {
        var waiter = new LineWaiter(text, 1);
        lock (_gate)
        {
            foreach (var line in _lines)
            {
                waiter.Offer(line);
            }

            if (waiter.Remaining > 0)
            {
                _waiters.Add(waiter);
            }
        }

        return waiter.Seen.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The last few thousand characters written, headed by a title.</summary>
    public string Tail()
    {
        lock (_gate)
        {
            return $"--- controller log, last {TailCharacters} characters ---\n{_text}{_line}";
        }
    }

    private void Append(char c)
    {
        if (c != '\n')
        {
            _line.Append(c);
            return;
        }

        var line = _line.ToString();
        _line.Clear();
        _lines.Add(line);
        if (_lines.Count > KeptLines)
        {
            _lines.RemoveRange(0, _lines.Count - KeptLines);
        }

        _text.Append(line).Append('\n');
        if (_text.Length > TailCharacters)
        {
            _text.Remove(0, _text.Length - TailCharacters);
        }

        foreach (var waiter in _waiters)
        {
            waiter.Offer(line);
        }

        _waiters.RemoveAll(w => w.Remaining == 0);
    }
}
