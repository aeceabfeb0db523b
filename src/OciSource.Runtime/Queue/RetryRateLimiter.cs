namespace OciSource.Runtime.Queue;

/// <summary>
/// The controller rate limiter Flux uses (fluxcd/pkg runtime/controller <c>GetRateLimiter</c>): the larger of a per-item
/// exponential backoff and the wait for a token of an overall bucket (10 qps, burst 100, as client-go).
/// </summary>
public sealed class RetryRateLimiter<T>(ItemExponentialBackoff<T> backoff, TokenBucket bucket) where T : notnull
{
    /// <summary>Per-item backoff from <paramref name="minDelay"/> to <paramref name="maxDelay"/> (Flux: 750 ms, 15 min) and client-go's bucket.</summary>
    public RetryRateLimiter(TimeSpan minDelay, TimeSpan maxDelay, TimeProvider time)
        : this(new ItemExponentialBackoff<T>(minDelay, maxDelay), new TokenBucket(10, 100, time))
    {
    }

    /// <summary>Records a failure of <paramref name="item"/> and returns how long to wait before retrying it.</summary>
    public TimeSpan When(T item)
    {
        var itemDelay = backoff.When(item);
        var bucketDelay = bucket.Reserve();
        return itemDelay > bucketDelay ? itemDelay : bucketDelay;
    }

    /// <summary>Failures of <paramref name="item"/> since it was last forgotten.</summary>
    public int NumRequeues(T item) => backoff.Failures(item);

    /// <summary>Resets the backoff of <paramref name="item"/> (after a success).</summary>
    public void Forget(T item) => backoff.Forget(item);
}
