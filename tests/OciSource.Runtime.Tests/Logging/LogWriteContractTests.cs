using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace OciSource.Runtime.Tests.Logging;

/// <summary>Logging never breaks its caller: concurrent events come out as whole lines, and a failing output is swallowed.</summary>
public sealed class LogWriteContractTests
{
    [Fact]
    public async Task ConcurrentWriters_ProduceWholeLines()
    {
        const int Writers = 8;
        const int LinesEach = 500;
        // Writes each line a character at a time (as CapturedLog does), so interleaving would show.
        using var harness = new LoggingHarness("json", "info", new CharByCharWriter());
        var logger = harness.Factory.CreateLogger("OciSource.Concurrency");

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(
            () =>
            {
                for (var line = 0; line < LinesEach; line++)
                {
                    TestLog.ConcurrentLine(logger, writer, line);
                }
            },
            TestContext.Current.CancellationToken)));

        var lines = harness.Lines;
        Assert.Equal(Writers * LinesEach, lines.Length);
        var seen = lines.Select(l => JsonNode.Parse(l)!).Select(n => (n["Writer"]!.GetValue<int>(), n["Line"]!.GetValue<int>())).ToHashSet();
        Assert.Equal(Writers * LinesEach, seen.Count);
    }

    [Fact]
    public void FailingOutput_DoesNotThrowIntoTheCaller_AndLaterLinesAreWritten()
    {
        var output = new FailingWriter();
        using var harness = new LoggingHarness("json", "info", output);
        var logger = harness.Factory.CreateLogger("OciSource.Failing");

        output.Failing = true;
        TestLog.ConcurrentLine(logger, 0, 1);
        TestLog.RetryFailed(logger, 1, new InvalidOperationException("x"));
        output.Failing = false;
        TestLog.ConcurrentLine(logger, 0, 2);

        Assert.Equal(2, output.Attempts);
        Assert.Equal(2, JsonNode.Parse(Assert.Single(harness.Lines))!["Line"]!.GetValue<int>());
    }

    [Fact]
    public void DisposedOutput_DoesNotThrowIntoTheCaller()
    {
        var output = new StringWriter();
        using var harness = new LoggingHarness("console", "info", output);
        var logger = harness.Factory.CreateLogger("OciSource.Disposed");
        output.Dispose();

        TestLog.ConcurrentLine(logger, 0, 1);
    }

    [Fact]
    public void ThrowingFormatterOrValue_DoesNotThrowIntoTheCaller()
    {
        using var harness = new LoggingHarness("json", "info");
        var logger = harness.Factory.CreateLogger("OciSource.Throwing");

        Func<string, Exception?, string> throwing = (_, _) => throw new FormatException("bad");
        KeyValuePair<string, object?>[] badValue = [new("Value", new ThrowingToString())];
        Func<KeyValuePair<string, object?>[], Exception?, string> plain = (_, _) => "value";

        logger.Log(LogLevel.Information, default, "state", null, throwing);
        logger.Log(LogLevel.Information, default, badValue, null, plain);
        TestLog.ConcurrentLine(logger, 0, 3);

        Assert.Equal(3, JsonNode.Parse(Assert.Single(harness.Lines))!["Line"]!.GetValue<int>());
    }

    private sealed class CharByCharWriter : StringWriter
    {
        public override void Write(ReadOnlySpan<char> buffer)
        {
            foreach (var c in buffer)
            {
                Write(c);
                Thread.Yield();
            }
        }
    }

    private sealed class FailingWriter : StringWriter
    {
        public bool Failing { get; set; }

        public int Attempts { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (Failing)
            {
                Attempts++;
                throw new IOException("Broken pipe");
            }

            base.Write(buffer);
        }
    }

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }
}
