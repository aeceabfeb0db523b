using OciSource.Runtime.Hosting;

namespace OciSource.Runtime.Tests.Hosting;

/// <summary><see cref="GoDuration.Format"/> writes what Go's <c>time.Duration.String</c> writes, and reads back as the same duration.</summary>
public sealed class GoDurationFormatTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(600_000_000L, "1m0s")]
    [InlineData(20_000_000L, "2s")]
    [InlineData(15_000_000L, "1.5s")]
    [InlineData(7_500_000L, "750ms")]
    [InlineData(10L, "1µs")]
    [InlineData(1L, "100ns")]
    [InlineData(36_000_000_000L, "1h0m0s")]
    [InlineData(54_000_000_000L, "1h30m0s")]
    [InlineData(905_000_000L, "1m30.5s")]
    [InlineData(10_010_000L, "1.001s")]
    [InlineData(-600_000_000L, "-1m0s")]
    public void Format_WritesGosDurationString(long ticks, string expected)
    {
        var duration = TimeSpan.FromTicks(ticks);

        Assert.Equal(expected, GoDuration.Format(duration));
        Assert.Equal(duration, GoDuration.Parse(expected));
    }
}
