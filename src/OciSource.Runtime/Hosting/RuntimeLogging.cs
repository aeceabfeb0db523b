using Microsoft.Extensions.Logging;
using OciSource.Runtime.Logging;

namespace OciSource.Runtime.Hosting;

/// <summary>The controller's logging, configured from <c>--log-level</c> and <c>--log-encoding</c>.</summary>
public static class RuntimeLogging
{
    /// <summary>
    /// A logger provider writing to <paramref name="output"/> (standard error by default, as Flux's zap logger) one line
    /// per event: a JSON object (<c>json</c>: <c>@t</c>, <c>@m</c>, <c>@i</c>, <c>@l</c> unless Information, <c>@x</c>,
    /// the structured properties, <c>EventId</c>, <c>SourceContext</c> and the scopes' properties — the fields of the compact
    /// log event format (CLEF) the controller wrote before) or a human-readable line (<c>console</c>). Levels: trace, debug, info or error and
    /// up; categories under <c>Microsoft</c> from Warning. Writing never throws into the logging code.
    /// </summary>
    public static ILoggerProvider CreateProvider(RuntimeOptions options, TextWriter? output = null) =>
        new LineLoggerProvider(output ?? Console.Error, options.LogEncoding == "console", LogLevels.FromFlag(options.LogLevel), TimeProvider.System);
}
