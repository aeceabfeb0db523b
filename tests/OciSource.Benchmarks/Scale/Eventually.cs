using System.Diagnostics;

namespace OciSource.Benchmarks.Scale;

/// <summary>Polling with a deadline, for conditions of real processes.</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every <paramref name="interval"/> (default 20 ms) until it holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/>; the message holds <paramref name="what"/> and <paramref name="log"/>.</exception>
    public static async Task WaitAsync(
        Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string what, Func<string> log, CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition(cancellationToken))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout} for {what}\n{log()}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }
}
