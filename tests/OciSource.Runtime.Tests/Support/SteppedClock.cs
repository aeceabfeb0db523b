using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace OciSource.Runtime.Tests.Support;

/// <summary>
/// A fake clock that a test moves in steps, each only after the code under test has gone back to waiting on the clock
/// (it created its next timer, e.g. the next <c>Task.Delay</c> of a retry loop). Time in the code under test therefore
/// passes at the pace the code itself reaches its waits, however slow the machine is: a lease cannot expire, or a
/// deadline pass, merely because a request took long.
/// </summary>
public sealed class SteppedClock : FakeTimeProvider
{
    private static readonly TimeSpan RealTimeGuard = TimeSpan.FromSeconds(60);
    private long _timers;

    public SteppedClock()
        : base(DateTimeOffset.UtcNow)
    {
    }

    /// <summary>Timers created so far.</summary>
    public long Timers => Interlocked.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timers);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>
    /// Advances by <paramref name="step"/> until <paramref name="done"/> holds; after each step, waits until a new timer
    /// is created (the woken code finished its work and waits again) or <paramref name="done"/> holds.
    /// </summary>
    /// <returns>The time advanced.</returns>
    /// <exception cref="Xunit.Sdk.XunitException"><paramref name="limit"/> of clock time passed first, or the code did not
    /// wait again within 60 s of real time.</exception>
    public async Task<TimeSpan> AdvanceUntilAsync(Func<bool> done, string what, TimeSpan step, TimeSpan limit, CancellationToken ct)
    {
        var advanced = TimeSpan.Zero;
        while (!done())
        {
            Assert.True(advanced < limit, $"{what} did not happen within {limit} of the test's clock");
            var timers = Timers;
            Advance(step);
            advanced += step;
            var real = Stopwatch.StartNew();
            while (Timers == timers && !done())
            {
                Assert.True(real.Elapsed < RealTimeGuard, $"waiting until {what}: nothing waited on the clock again within {RealTimeGuard}");
                await Task.Delay(5, ct);
            }
        }

        return advanced;
    }
}
