using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace OciSource.Runtime.Tests.Logging;

/// <summary>
/// <c>--log-level</c> decides what is written, not the host's default (Information) nor its <c>Logging</c>
/// configuration; categories under <c>Microsoft</c> (any case) start at Warning — at every level, as the former
/// override did.
/// </summary>
public sealed class LogLevelFilterTests
{
    [Theory]
    [InlineData("trace", new[] { "Verbose", "Debug", "Information", "Warning", "Error", "Fatal" })]
    [InlineData("debug", new[] { "Debug", "Information", "Warning", "Error", "Fatal" })]
    [InlineData("info", new[] { "Information", "Warning", "Error", "Fatal" })]
    [InlineData("error", new[] { "Error", "Fatal" })]
    public void Flag_SetsTheLeastLevelWritten(string flag, string[] written)
    {
        using var harness = new LoggingHarness("json", flag);

        LogEveryLevel(harness.Factory.CreateLogger("OciSource.Controller"));

        Assert.Equal(written, Levels(harness));
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics", "trace", new[] { "Warning", "Error", "Fatal" })]
    [InlineData("Microsoft", "info", new[] { "Warning", "Error", "Fatal" })]
    [InlineData("microsoft.extensions.hosting", "debug", new[] { "Warning", "Error", "Fatal" })]
    [InlineData("Microsoft.Hosting.Lifetime", "error", new[] { "Warning", "Error", "Fatal" })]
    [InlineData("MicrosoftLookalike", "trace", new[] { "Verbose", "Debug", "Information", "Warning", "Error", "Fatal" })]
    public void MicrosoftCategories_StartAtWarning(string category, string flag, string[] written)
    {
        using var harness = new LoggingHarness("json", flag);

        LogEveryLevel(harness.Factory.CreateLogger(category));

        Assert.Equal(written, Levels(harness));
    }

    private static void LogEveryLevel(ILogger logger)
    {
        TestLog.TraceNote(logger);
        TestLog.Reconciling(logger, "app");
        TestLog.ConcurrentLine(logger, 0, 0);
        TestLog.RetryFailed(logger, 1, new InvalidOperationException("x"));
        TestLog.ErrorNote(logger, 1, 1);
        TestLog.FatalNote(logger);
    }

    private static string[] Levels(LoggingHarness harness) =>
        [.. harness.Lines.Select(l => JsonNode.Parse(l)!["@l"]?.GetValue<string>() ?? "Information")];
}
