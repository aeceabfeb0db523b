using OciSource.Controller.Cloud;
using OciSource.Controller.Reconciliation;
using OciSource.Runtime.Hosting;

namespace OciSource.Controller.Tests.Cloud;

/// <summary><c>--token-cache-max-size</c> and <c>--token-cache-max-duration</c>, as fluxcd/pkg's TokenFlags.</summary>
public sealed class TokenCacheFlagsTests
{
    [Fact]
    public void NoFlags_FluxDefaults()
    {
        Assert.Equal(new TokenCacheOptions { MaxSize = 100, MaxDuration = TimeSpan.FromHours(1) }, Read([]).TokenCache);
    }

    [Theory]
    [InlineData("0", "30m", 0, 30 * 60)]
    [InlineData("5", "2h", 5, 3600)]
    [InlineData("1000", "90s", 1000, 90)]
    public void Values_AreRead_AndTheDurationCappedAtOneHour(string size, string duration, int expectedSize, int expectedSeconds)
    {
        var options = Read(new() { ["token-cache-max-size"] = size, ["token-cache-max-duration"] = duration }).TokenCache;

        Assert.Equal((expectedSize, TimeSpan.FromSeconds(expectedSeconds)), (options.MaxSize, options.MaxDuration));
    }

    [Theory]
    [InlineData("token-cache-max-size", "-1", "--token-cache-max-size must not be negative")]
    [InlineData("token-cache-max-size", "ten", "invalid argument \"ten\" for \"--token-cache-max-size\"")]
    [InlineData("token-cache-max-duration", "0s", "--token-cache-max-duration must be positive")]
    [InlineData("token-cache-max-duration", "an hour", "invalid --token-cache-max-duration")]
    public void BadValues_AreRefusedWithTheFlagNamed(string flag, string value, string message)
    {
        var error = Assert.Throws<FlagException>(() => Read(new() { [flag] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static ReconcilerOptions Read(Dictionary<string, string> flags) => ReconcilerOptions.FromFlags(flags, new RuntimeOptions());
}
