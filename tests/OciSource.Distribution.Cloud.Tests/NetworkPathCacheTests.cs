namespace OciSource.Distribution.Cloud.Tests;

public sealed class NetworkPathCacheTests
{
    [Fact]
    public void BeyondCapacity_TheLeastRecentlyUsedPathIsDropped_AndAKeptOneIsReused()
    {
        var cache = new NetworkPathCache<string, object>(capacity: 2);
        var a = cache.GetOrAdd("a", _ => new object());
        cache.GetOrAdd("b", _ => new object());
        Assert.Same(a, cache.GetOrAdd("a", _ => new object()));

        cache.GetOrAdd("c", _ => new object());

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGetValue("a", out var kept));
        Assert.Same(a, kept);
        Assert.False(cache.TryGetValue("b", out _));
    }

    [Fact]
    public void ANonPositiveCapacity_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkPathCache<string, object>(capacity: 0));
}
