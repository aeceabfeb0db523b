using System.Text.Json.Serialization;
using k8s.Models;

namespace OciSource.Runtime.Events;

/// <summary>
/// The body <see cref="EventForwarder"/> POSTs: Flux's <c>event.toolkit.fluxcd.io</c> <c>v1beta1.Event</c>
/// (fluxcd/pkg <c>apis/event/v1beta1</c>), field for field, as notification-controller decodes it.
/// </summary>
public sealed record NotificationEvent
{
    /// <summary>Severity of a <see cref="EventType.Normal"/> event.</summary>
    public const string SeverityInfo = "info";

    /// <summary>Severity of a <see cref="EventType.Warning"/> event.</summary>
    public const string SeverityError = "error";

    /// <summary>The longest <see cref="Message"/> the API allows (its schema's <c>MaxLength</c>).</summary>
    public const int MaxMessageLength = 39_000;

    /// <summary>The object the event is about (kind, namespace, name, uid, apiVersion, resourceVersion).</summary>
    [JsonPropertyName("involvedObject")]
    public required V1ObjectReference InvolvedObject { get; init; }

    /// <summary><see cref="SeverityInfo"/> or <see cref="SeverityError"/> (Trace events are never forwarded).</summary>
    [JsonPropertyName("severity")]
    public required string Severity { get; init; }

    /// <summary>When the event was recorded, RFC 3339 in UTC with second precision, as Go's <c>metav1.Time</c> writes it.</summary>
    [JsonPropertyName("timestamp")]
    public required string Timestamp { get; init; }

    /// <summary>At most <see cref="MaxMessageLength"/> characters.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    /// <summary>The event's annotations (e.g. <c>source.toolkit.fluxcd.io/revision</c>); omitted when empty.</summary>
    [JsonPropertyName("metadata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>E.g. <c>source-controller</c>.</summary>
    [JsonPropertyName("reportingController")]
    public required string ReportingController { get; init; }

    /// <summary>The host name of the replica.</summary>
    [JsonPropertyName("reportingInstance")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReportingInstance { get; init; }
}
