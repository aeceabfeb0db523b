using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace OciSource.Runtime.Tests.Support;

/// <summary>
/// A fake clock that tells the test each time the code under test starts waiting on it: every one-shot timer created
/// (e.g. a retry's <c>Task.Delay</c>) is announced with its due time through <see cref="NextTimerAsync"/>, so the test
/// advances the clock exactly when something waits, with no polling and no real delays.
/// </summary>
public sealed class TimerSignalClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public TimerSignalClock()
        : base(new DateTimeOffset(2026, 12, 6, 1, 2, 3, 456, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer created (waits until one is).</summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken) => await _timers.Reader.ReadAsync(cancellationToken);
}
