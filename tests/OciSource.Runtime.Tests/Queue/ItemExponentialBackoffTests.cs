using OciSource.Runtime.Queue;

namespace OciSource.Runtime.Tests.Queue;

public sealed class ItemExponentialBackoffTests
{
    [Fact]
    public void When_RepeatedFailures_DoublesFrom750MillisecondsAndCapsAt15Minutes()
    {
        var backoff = new ItemExponentialBackoff<string>(TimeSpan.FromMilliseconds(750), TimeSpan.FromMinutes(15));

        var delays = Enumerable.Range(0, 14).Select(_ => backoff.When("a").TotalMilliseconds).ToArray();

        double[] expected = [750, 1500, 3000, 6000, 12000, 24000, 48000, 96000, 192000, 384000, 768000, 900000, 900000, 900000];
        Assert.Equal(expected, delays);
        Assert.Equal(14, backoff.Failures("a"));
    }

    [Fact]
    public void When_ManyFailures_NeverOverflows()
    {
        var backoff = new ItemExponentialBackoff<string>(TimeSpan.FromMilliseconds(750), TimeSpan.FromMinutes(15));

        var last = Enumerable.Range(0, 200).Select(_ => backoff.When("a")).ToArray()[^1];

        Assert.Equal(TimeSpan.FromMinutes(15), last);
    }

    [Fact]
    public void Forget_ResetsOnlyThatItem()
    {
        var backoff = new ItemExponentialBackoff<string>(TimeSpan.FromMilliseconds(750), TimeSpan.FromMinutes(15));
        backoff.When("a");
        backoff.When("a");
        backoff.When("b");

        backoff.Forget("a");

        Assert.Equal(TimeSpan.FromMilliseconds(750), backoff.When("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), backoff.When("b"));
    }
}
