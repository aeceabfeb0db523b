namespace OciSource.Runtime.Events;

/// <summary>The event types <c>EventRecorder.Record</c> accepts.</summary>
public static class EventType
{
    public const string Normal = "Normal";

    public const string Warning = "Warning";

    /// <summary>Flux's Trace: written to Kubernetes as <see cref="Normal"/>, never forwarded to a notification service.</summary>
    public const string Trace = "Trace";
}
