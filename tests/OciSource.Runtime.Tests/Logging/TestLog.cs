using Microsoft.Extensions.Logging;

namespace OciSource.Runtime.Tests.Logging;

/// <summary>Source-generated log events (as the code base writes them) for the logging tests.</summary>
internal static partial class TestLog
{
    public static readonly Func<ILogger, int, IDisposable?> OperationScope = LoggerMessage.DefineScope<int>("Operation {OpId}");

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Pulled {Count} layers of {Repository} in {Elapsed} ({Verified}) at {When:O} from {Address} ratio {Ratio}")]
    public static partial void Pulled(ILogger logger, int count, string repository, TimeSpan elapsed, bool verified, DateTimeOffset when, Uri address, double ratio);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Retry {Attempt} failed")]
    public static partial void RetryFailed(ILogger logger, int attempt, Exception e);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Reconciling {name}")]
    public static partial void Reconciling(ILogger logger, string name);

    [LoggerMessage(EventId = 10, Level = LogLevel.Trace, Message = "Trace note")]
    public static partial void TraceNote(ILogger logger);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Error note {Ratio} {Big}")]
    public static partial void ErrorNote(ILogger logger, double ratio, long big);

    [LoggerMessage(EventId = 12, Level = LogLevel.Critical, Message = "Fatal note")]
    public static partial void FatalNote(ILogger logger);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Line {Writer}/{Line} of the concurrency test")]
    public static partial void ConcurrentLine(ILogger logger, int writer, int line);
}
