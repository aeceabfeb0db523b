namespace OciSource.Distribution.Tests;

/// <summary>Process logs reach their files asynchronously; these asserts wait (up to 5 s) for a line to arrive.</summary>
internal static class EventualLog
{
    public static async Task AssertContainsAsync(Func<string> log, string expected)
    {
        for (var attempt = 0; attempt < 50 && !log().Contains(expected, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Contains(expected, log(), StringComparison.Ordinal);
    }
}
