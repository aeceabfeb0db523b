using Microsoft.Extensions.Time.Testing;
using OciSource.Runtime.Queue;

namespace OciSource.Runtime.Tests.Queue;

public sealed class TokenBucketTests
{
    [Fact]
    public void Reserve_BurstSpent_EachFurtherTokenWaitsOneIntervalMore()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(10, 100, time);

        var burst = Enumerable.Range(0, 100).Select(_ => bucket.Reserve()).ToArray();
        var next = bucket.Reserve();
        var afterNext = bucket.Reserve();

        Assert.All(burst, wait => Assert.Equal(TimeSpan.Zero, wait));
        Assert.Equal(100, next.TotalMilliseconds, precision: 6);
        Assert.Equal(200, afterNext.TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void Reserve_AfterTimePasses_RefillsUpToBurstOnly()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(10, 5, time);
        for (var i = 0; i < 5; i++)
        {
            bucket.Reserve();
        }

        time.Advance(TimeSpan.FromHours(1));
        var refilled = Enumerable.Range(0, 5).Select(_ => bucket.Reserve()).ToArray();

        Assert.All(refilled, wait => Assert.Equal(TimeSpan.Zero, wait));
        Assert.Equal(100, bucket.Reserve().TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void RetryRateLimiter_TakesTheLargerOfItemBackoffAndBucketWait()
    {
        var time = new FakeTimeProvider();
        var limiter = new RetryRateLimiter<string>(new ItemExponentialBackoff<string>(TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1)), new TokenBucket(10, 1, time));

        var first = limiter.When("a");
        var second = limiter.When("b");

        Assert.Equal(TimeSpan.FromMilliseconds(1), first);
        Assert.Equal(100, second.TotalMilliseconds, precision: 6);
    }
}
