namespace OciSource.Runtime.Tests.Logging;

/// <summary>
/// <c>--log-encoding=console</c>: the lines of the former output template <c>{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u4}
/// {Message:lj} {Properties:j}{NewLine}{Exception}</c> (recorded from the build before issue 17; the message is the event's own
/// rendering, so non-string values are as .NET formats them).
/// </summary>
public sealed class ConsoleLogLineTests
{
    private const string Category = "OciSource.Tests.Category";

    [Fact]
    public void Line_HasTimeLevelMessageAndThePropertiesTheMessageDoesNotShow()
    {
        using var harness = new LoggingHarness("console", "trace");
        var logger = harness.Factory.CreateLogger(Category);
        var elapsed = TimeSpan.FromSeconds(1.5);
        var address = new Uri("http://127.0.0.1:9090/");

        TestLog.Pulled(logger, 3, "ghcr.io/x", elapsed, true, LoggingHarness.Now, address, 0.25);
        using (logger.BeginScope(new Dictionary<string, object?> { ["controller"] = "ocirepository", ["namespace"] = "ns1", ["name"] = "app" }))
        {
            TestLog.Reconciling(logger, "app");
            TestLog.TraceNote(logger);
        }

        Assert.Equal(
            [
                """2026-12-06T05:19:05.123Z INFO Pulled 3 layers of ghcr.io/x in 00:00:01.5000000 (True) at 2026-12-06T05:19:05.1230000+00:00 from http://127.0.0.1:9090/ ratio 0.25 {"EventId":{"Id":7,"Name":"Pulled"},"SourceContext":"OciSource.Tests.Category"}""",
                """2026-12-06T05:19:05.123Z DBUG Reconciling app {"EventId":{"Id":9,"Name":"Reconciling"},"SourceContext":"OciSource.Tests.Category","controller":"ocirepository","namespace":"ns1"}""",
                """2026-12-06T05:19:05.123Z VERB Trace note {"EventId":{"Id":10,"Name":"TraceNote"},"SourceContext":"OciSource.Tests.Category","controller":"ocirepository","namespace":"ns1","name":"app"}""",
            ],
            harness.Lines);
    }

    [Fact]
    public void Exception_FollowsOnItsOwnLines()
    {
        using var harness = new LoggingHarness("console", "info");
        var logger = harness.Factory.CreateLogger(Category);

        TestLog.RetryFailed(logger, 2, new InvalidOperationException("boom\nline2"));
        TestLog.ErrorNote(logger, 0.5, 1);
        TestLog.FatalNote(logger);

        Assert.Equal(
            "2026-12-06T05:19:05.123Z WARN Retry 2 failed {\"EventId\":{\"Id\":8,\"Name\":\"RetryFailed\"},\"SourceContext\":\"OciSource.Tests.Category\"}\n"
            + "System.InvalidOperationException: boom\nline2\n"
            + "2026-12-06T05:19:05.123Z EROR Error note 0.5 1 {\"EventId\":{\"Id\":11,\"Name\":\"ErrorNote\"},\"SourceContext\":\"OciSource.Tests.Category\"}\n"
            + "2026-12-06T05:19:05.123Z FATL Fatal note {\"EventId\":{\"Id\":12,\"Name\":\"FatalNote\"},\"SourceContext\":\"OciSource.Tests.Category\"}\n",
            harness.Output.ToString());
    }
}
