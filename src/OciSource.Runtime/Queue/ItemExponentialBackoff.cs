namespace OciSource.Runtime.Queue;

/// <summary>
/// Per-item exponential failure backoff (client-go's ItemExponentialFailureRateLimiter): the n-th failure of an item
/// waits <c>min × 2^(n-1)</c>, capped at <c>max</c>; <see cref="Forget"/> resets the item. Thread-safe.
/// </summary>
public sealed class ItemExponentialBackoff<T>(TimeSpan minDelay, TimeSpan maxDelay) where T : notnull
{
    private readonly Dictionary<T, int> _failures = [];
    private readonly Lock _gate = new();

    /// <summary>Records one more failure of <paramref name="item"/> and returns how long it should wait.</summary>
    public TimeSpan When(T item)
    {
        int exponent;
        lock (_gate)
        {
            _failures.TryGetValue(item, out exponent);
            _failures[item] = exponent + 1;
        }

        // 2^exponent overflows long ticks well before 64 failures; cap first.
        if (exponent >= 62)
        {
            return maxDelay;
        }

        var ticks = minDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The failures recorded for <paramref name="item"/> since it was last forgotten.</summary>
    public int Failures(T item)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(item);
        }
    }

    /// <summary>Clears the failure count of <paramref name="item"/>.</summary>
    public void Forget(T item)
    {
        lock (_gate)
        {
            _failures.Remove(item);
        }
    }
}
