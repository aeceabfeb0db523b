using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace OciSource.Runtime.Logging;

/// <summary>
/// The logger of one category: enabled from its <see cref="LogLevels.MinimumFor">minimum</see> up; renders the
/// message with the event's own formatter and hands the event to the provider's <see cref="LogLineWriter"/> on the
/// calling thread. Never throws into the caller (a failing formatter loses that event).
/// </summary>
internal sealed class LineLogger(string category, LogLevel minimum, LineLoggerProvider provider) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.Scopes.Push(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        try
        {
            var record = new LogRecord(
                provider.UtcNow(),
                logLevel,
                category,
                eventId,
                formatter(state, exception),
                exception,
                state as IEnumerable<KeyValuePair<string, object?>>,
                provider.Scopes,
                Activity.Current);
            provider.Writer.Write(record);
        }
        catch (Exception)
        {
            // The logging contract: a log call never fails its caller.
        }
    }
}
