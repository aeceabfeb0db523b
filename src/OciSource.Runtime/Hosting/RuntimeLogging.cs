using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace OciSource.Runtime.Hosting;

/// <summary>Serilog configured from <c>--log-level</c> and <c>--log-encoding</c>.</summary>
public static class RuntimeLogging
{
    /// <summary>
    /// A logger writing to <paramref name="output"/> (standard error by default, as Flux's zap logger): one JSON object
    /// per line (<c>json</c>: <c>@t</c>, <c>@l</c>, <c>@m</c> and the structured properties) or human-readable lines
    /// (<c>console</c>). Levels map trace→Verbose, debug→Debug, info→Information, error→Error.
    /// </summary>
    public static Serilog.ILogger CreateLogger(RuntimeOptions options, TextWriter? output = null)
    {
        var level = options.LogLevel switch
        {
            "trace" => LogEventLevel.Verbose,
            "debug" => LogEventLevel.Debug,
            "error" => LogEventLevel.Error,
            _ => LogEventLevel.Information,
        };
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        var writer = output ?? Console.Error;
        ITextFormatter formatter = options.LogEncoding == "console"
            ? new MessageTemplateTextFormatter(
                "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u4} {Message:lj} {Properties:j}{NewLine}{Exception}", System.Globalization.CultureInfo.InvariantCulture)
            : new RenderedCompactJsonFormatter();
        return configuration.WriteTo.Sink(new TextWriterSink(writer, formatter)).CreateLogger();
    }
}
