using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace OciSource.Runtime.Tests.Logging;

/// <summary>
/// <c>--log-encoding=json</c>: the lines keep the shape of the rendered compact log event format (CLEF) they had (the expected lines
/// were recorded from the build before issue 17; the one difference is that <c>@m</c> is the event's own rendering, so
/// string values are no longer quoted inside it).
/// </summary>
public sealed class JsonLogLineTests
{
    private const string Category = "OciSource.Tests.Category";

    [Fact]
    public void Information_HasTimeMessageEventTypeAndTypedProperties_AndNoLevel()
    {
        using var harness = new LoggingHarness("json", "info");
        var logger = harness.Factory.CreateLogger(Category);
        var elapsed = TimeSpan.FromSeconds(1.5);
        var address = new Uri("http://127.0.0.1:9090/");

        TestLog.Pulled(logger, 3, "ghcr.io/x <a&b> \"q\" é", elapsed, true, LoggingHarness.Now, address, 0.25);

        var line = Assert.Single(harness.Lines);
        Assert.Equal(
            """{"@t":"2026-12-06T05:19:05.1230000Z","@m":"Pulled 3 layers of ghcr.io/x <a&b> \"q\" é in 00:00:01.5000000 (True) at 2026-12-06T05:19:05.1230000+00:00 from http://127.0.0.1:9090/ ratio 0.25","@i":"010720ed","Count":3,"Repository":"ghcr.io/x <a&b> \"q\" é","Elapsed":"00:00:01.5000000","Verified":true,"When":"2026-12-06T05:19:05.1230000+00:00","Address":"http://127.0.0.1:9090/","Ratio":0.25,"EventId":{"Id":7,"Name":"Pulled"},"SourceContext":"OciSource.Tests.Category"}""",
            line);
    }

    [Fact]
    public void Warning_WithException_HasLevelAndTheExceptionText()
    {
        using var harness = new LoggingHarness("json", "info");

        TestLog.RetryFailed(harness.Factory.CreateLogger(Category), 2, new InvalidOperationException("boom\nline2"));

        Assert.Equal(
            """{"@t":"2026-12-06T05:19:05.1230000Z","@m":"Retry 2 failed","@i":"d1ae03bc","@l":"Warning","@x":"System.InvalidOperationException: boom\nline2","Attempt":2,"EventId":{"Id":8,"Name":"RetryFailed"},"SourceContext":"OciSource.Tests.Category"}""",
            Assert.Single(harness.Lines));
    }

    [Fact]
    public void LevelNames_AreClefs_AndNonFiniteNumbersAreText()
    {
        using var harness = new LoggingHarness("json", "trace");
        var logger = harness.Factory.CreateLogger(Category);

        TestLog.TraceNote(logger);
        TestLog.Reconciling(logger, "app");
        TestLog.ErrorNote(logger, double.NaN, 1L << 40);
        TestLog.FatalNote(logger);

        var lines = harness.Lines.Select(l => JsonNode.Parse(l)!).ToArray();
        Assert.Equal(["Verbose", "Debug", "Error", "Fatal"], lines.Select(l => l["@l"]!.GetValue<string>()));
        Assert.Equal("NaN", lines[2]["Ratio"]!.GetValue<string>());
        Assert.Equal(1L << 40, lines[2]["Big"]!.GetValue<long>());
    }

    [Fact]
    public void Scopes_AddTheirPropertiesInnermostFirst_TheEventsOwnWin_AndOtherScopesGoToScope()
    {
        using var harness = new LoggingHarness("json", "trace");
        var logger = harness.Factory.CreateLogger(Category);

        // As Controller.ReconcileAsync begins its scope.
        using (logger.BeginScope(new Dictionary<string, object?> { ["controller"] = "ocirepository", ["namespace"] = "ns1", ["name"] = "app" }))
        {
            TestLog.Reconciling(logger, "inner-msg-name");
            using (TestLog.OperationScope(logger, 42))
            using (logger.BeginScope(new Dictionary<string, object?> { ["name"] = "innermost" }))
            using (logger.BeginScope("plain string scope"))
            {
                TestLog.TraceNote(logger);
            }
        }

        TestLog.TraceNote(logger);

        Assert.Equal(
            [
                """{"@t":"2026-12-06T05:19:05.1230000Z","@m":"Reconciling inner-msg-name","@i":"36b1b639","@l":"Debug","name":"inner-msg-name","EventId":{"Id":9,"Name":"Reconciling"},"SourceContext":"OciSource.Tests.Category","controller":"ocirepository","namespace":"ns1"}""",
                """{"@t":"2026-12-06T05:19:05.1230000Z","@m":"Trace note","@i":"3d391e36","@l":"Verbose","EventId":{"Id":10,"Name":"TraceNote"},"SourceContext":"OciSource.Tests.Category","name":"innermost","OpId":42,"controller":"ocirepository","namespace":"ns1","Scope":["Operation 42","plain string scope"]}""",
                """{"@t":"2026-12-06T05:19:05.1230000Z","@m":"Trace note","@i":"3d391e36","@l":"Verbose","EventId":{"Id":10,"Name":"TraceNote"},"SourceContext":"OciSource.Tests.Category"}""",
            ],
            harness.Lines);
    }

    [Fact]
    public void CurrentActivity_IsWrittenAsTraceAndSpan_NotAsScopeProperties()
    {
        using var harness = new LoggingHarness("json", "trace");
        var logger = harness.Factory.CreateLogger(Category);
        using var activity = new Activity("reconcile").SetIdFormat(ActivityIdFormat.W3C).Start();

        TestLog.TraceNote(logger);

        var line = JsonNode.Parse(Assert.Single(harness.Lines))!.AsObject();
        Assert.Equal(activity.TraceId.ToHexString(), line["@tr"]!.GetValue<string>());
        Assert.Equal(activity.SpanId.ToHexString(), line["@sp"]!.GetValue<string>());
        Assert.False(line.ContainsKey("TraceId"));
        Assert.False(line.ContainsKey("SpanId"));
    }

    [Fact]
    public void StateWithoutProperties_IsTheStateProperty_AsBefore()
    {
        using var harness = new LoggingHarness("json", "info");

        var logger = harness.Factory.CreateLogger(Category);
        var onlyName = new EventId(0, "OnlyName");
        Func<string, Exception?, string> formatter = (s, _) => s + "!";

        logger.Log(LogLevel.Information, onlyName, "state", null, formatter);

        Assert.Equal(
            """{"@t":"2026-12-06T05:19:05.1230000Z","@m":"state!","@i":"3b5ca34b","State":"state!","EventId":{"Name":"OnlyName"},"SourceContext":"OciSource.Tests.Category"}""",
            Assert.Single(harness.Lines));
    }
}
