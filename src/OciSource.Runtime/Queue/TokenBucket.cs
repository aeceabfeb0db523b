namespace OciSource.Runtime.Queue;

/// <summary>
/// An overall token bucket (golang.org/x/time/rate's <c>Reserve</c>): tokens refill at <c>qps</c> per second up to
/// <c>burst</c>; each <see cref="Reserve"/> takes one token, going into debt when the bucket is empty, and returns how
/// long the caller must wait for its token. Time comes from the injected <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _qps;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _last;

    /// <param name="qps">Tokens added per second; must be positive.</param>
    /// <param name="burst">Bucket size; the bucket starts full.</param>
    public TokenBucket(double qps, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _qps = qps;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    /// <summary>Takes one token and returns the wait until it is due (zero when one was available).</summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
            _last = now;
            _tokens = Math.Min(_burst, _tokens + (elapsed * _qps)) - 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }
}
