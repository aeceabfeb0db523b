namespace OciSource.Distribution.Tests;

/// <summary>Process logs reach their files asynchronously; these asserts wait (up to 60 s) for a line to arrive.</summary>
internal static class EventualLog
{
    public static async Task AssertContainsAsync(Func<string> log, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !log().Contains(expected, StringComparison.Ordinal))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Contains(expected, log(), StringComparison.Ordinal);
    }
}
