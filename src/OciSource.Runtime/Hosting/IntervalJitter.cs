namespace OciSource.Runtime.Hosting;

/// <summary>Flux's <c>jitter.JitteredIntervalDuration</c>: spreads periodic requeues so objects do not reconcile in lockstep.</summary>
public static class IntervalJitter
{
    /// <summary><paramref name="interval"/> × (1 ± U(0, <paramref name="percentage"/>/100)); 0 % returns it unchanged.</summary>
    public static TimeSpan Apply(TimeSpan interval, int percentage, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentage);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(percentage, 100);
        var factor = 1 + (((random.NextDouble() * 2) - 1) * percentage / 100.0);
        return interval * factor;
    }
}
