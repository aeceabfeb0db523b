using Microsoft.Extensions.Logging;

namespace OciSource.Runtime;

/// <summary>The runtime's log messages (source-generated).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "listed {Resource}: {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "watch of {Resource} expired at resourceVersion {ResourceVersion} (410 Gone): relisting")]
    public static partial void WatchExpired(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "list/watch of {Resource} failed (attempt {Attempt}); retrying")]
    public static partial void ListWatchFailed(ILogger logger, Exception exception, string resource, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "unreadable watch event for {Resource}")]
    public static partial void WatchEventUnreadable(ILogger logger, Exception exception, string resource);

    [LoggerMessage(Level = LogLevel.Error, Message = "informer handler for {Resource} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string resource);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciler error")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Observed a panic")]
    public static partial void ReconcilePanicked(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting workers (controller {Controller}, worker count {Workers})")]
    public static partial void StartingWorkers(ILogger logger, string controller, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "All workers finished (controller {Controller})")]
    public static partial void WorkersFinished(ILogger logger, string controller);

    [LoggerMessage(Level = LogLevel.Information, Message = "successfully acquired lease {Namespace}/{Name} as {Identity}")]
    public static partial void LeaseAcquired(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(Level = LogLevel.Error, Message = "leader election lost: lease {Namespace}/{Name} not renewed within the renew deadline")]
    public static partial void LeaseLost(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "released lease {Namespace}/{Name}")]
    public static partial void LeaseReleased(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lease {Namespace}/{Name} attempt failed")]
    public static partial void LeaseAttemptFailed(ILogger logger, Exception exception, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "status patch of {Object} conflicted (attempt {Attempt}); retrying on the latest version")]
    public static partial void PatchConflict(ILogger logger, string @object, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "event for {Object} dropped: could not be written")]
    public static partial void EventWriteFailed(ILogger logger, Exception exception, string @object);

    [LoggerMessage(Level = LogLevel.Critical, Message = "runnable {Runnable} failed; stopping")]
    public static partial void RunnableFailed(ILogger logger, Exception exception, string runnable);

    [LoggerMessage(Level = LogLevel.Critical, Message = "leadership lost; stopping the process")]
    public static partial void StoppingOnLostLeadership(ILogger logger);
}
