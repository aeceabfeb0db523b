using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Metrics;

namespace OciSource.Runtime.Events;

/// <summary>
/// Writes <c>events.k8s.io/v1</c> Events from a background loop. <c>Record</c> never blocks: it drops the
/// event (counted in <see cref="Dropped"/> and <c>ocisource_events_dropped_total</c>) when the bounded buffer is full.
/// A repeat of the same event (same object, type, reason, action and note) within <see cref="SeriesWindow"/> is not
/// a new Event: the first one gets a <c>series</c> whose count and lastObservedTime are patched, as client-go does.
/// </summary>
public sealed class EventRecorder : IAsyncDisposable
{
    /// <summary>How long a repeat joins the previous Event's series (client-go: 6 minutes).</summary>
    public static readonly TimeSpan SeriesWindow = TimeSpan.FromMinutes(6);

    /// <summary>Object annotations with this prefix go on every event about the object (Flux: <c>eventv1.Group + "/"</c>).</summary>
    public const string ObjectAnnotationPrefix = "event.toolkit.fluxcd.io/";

    private readonly IKubernetes _client;
    private readonly string _controller;
    private readonly string _instance;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RuntimeMetrics? _metrics;
    private readonly EventForwarder? _forwarder;
    private readonly Channel<PendingEvent> _pending;
    private readonly Dictionary<UInt128, Series> _series = [];
    private readonly Task _loop;
    private long _dropped;

    /// <param name="reportingController">e.g. <c>source-controller</c>.</param>
    /// <param name="reportingInstance">This replica, e.g. the pod name.</param>
    /// <param name="capacity">Events buffered before new ones are dropped.</param>
    /// <param name="forwarder">Also sends Normal and Warning events to a notification receiver; owned (disposed) by this recorder.</param>
    public EventRecorder(
        IKubernetes client, string reportingController, string reportingInstance, TimeProvider time, ILogger logger, RuntimeMetrics? metrics = null, int capacity = 1000, EventForwarder? forwarder = null)
    {
        _forwarder = forwarder;
        _client = client;
        _controller = reportingController;
        _instance = reportingInstance;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        // Wait mode: TryWrite answers false when full (DropWrite would claim success), so drops can be counted.
        _pending = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Events dropped because the buffer was full or the API refused them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Flux's <c>AnnotatedEventf</c>: as the reference overload, for <paramref name="regarding"/> itself, with its
    /// annotations whose key starts with <see cref="ObjectAnnotationPrefix"/> added to <paramref name="annotations"/>
    /// (an object annotation wins over an event annotation of the same key).
    /// </summary>
    public void Record(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string action, string note, IReadOnlyDictionary<string, string>? annotations = null)
    {
        Dictionary<string, string>? merged = annotations is null ? null : new(annotations);
        foreach (var (key, value) in regarding.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (key.StartsWith(ObjectAnnotationPrefix, StringComparison.Ordinal))
            {
                (merged ??= [])[key] = value;
            }
        }

        var reference = new V1ObjectReference
        {
            Kind = regarding.Kind,
            NamespaceProperty = regarding.Metadata.NamespaceProperty,
            Name = regarding.Metadata.Name,
            Uid = regarding.Metadata.Uid,
            ApiVersion = regarding.ApiVersion,
            ResourceVersion = regarding.Metadata.ResourceVersion,
        };
        Record(reference, type, reason, action, note, merged);
    }

    /// <summary>
    /// Queues an event about <paramref name="regarding"/>; returns at once. With a forwarder, a Normal or Warning
    /// event is also queued for the notification receiver (<see cref="EventForwarder.Forward"/>); a Trace event never is.
    /// </summary>
    /// <param name="type">An <see cref="EventType"/>: <c>Normal</c>, <c>Warning</c> or <c>Trace</c> (written as <c>Normal</c>).</param>
    /// <param name="reason">CamelCase reason, e.g. <c>NewArtifact</c>.</param>
    /// <param name="action">What was done, e.g. <c>reconcile</c>.</param>
    /// <param name="note">Human-readable; cut to 1 KiB on the Kubernetes event as the API requires (the forwarded one keeps up to 39,000 characters).</param>
    /// <param name="annotations">Written to the Kubernetes event's <c>metadata.annotations</c> and sent as the forwarded event's <c>metadata</c>.</param>
    public void Record(V1ObjectReference regarding, string type, string reason, string action, string note, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var copied = annotations is { Count: > 0 } ? new Dictionary<string, string>(annotations) : null;
        var pending = new PendingEvent(regarding, type, reason, action, note.Length > 1024 ? note[..1024] : note, _time.GetUtcNow().UtcDateTime, copied);
        if (!_pending.Writer.TryWrite(pending))
        {
            CountDrop("buffer_full");
        }

        _forwarder?.Forward(regarding, type, reason, note, copied);
    }

    /// <summary>Stops accepting events, writes those already queued, and waits for the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
        if (_forwarder is not null)
        {
            await _forwarder.DisposeAsync();
        }
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var pending in _pending.Reader.ReadAllAsync())
        {
            try
            {
                await WriteAsync(pending);
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
            {
                CountDrop("write_failed");
                RuntimeLog.EventWriteFailed(_logger, e, $"{pending.Regarding.NamespaceProperty}/{pending.Regarding.Name}");
            }
        }
    }

    private async Task WriteAsync(PendingEvent pending)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ns = string.IsNullOrEmpty(pending.Regarding.NamespaceProperty) ? "default" : pending.Regarding.NamespaceProperty;
        var key = SeriesKey(pending.Regarding.Uid, ns, pending.Regarding.Name, pending.Type, pending.Reason, pending.Action, pending.Note);
        if (_series.TryGetValue(key, out var series) && pending.Time - series.LastObserved < SeriesWindow)
        {
            series.Count++;
            series.LastObserved = pending.Time;
            var patch = new JsonObject
            {
                ["series"] = new JsonObject
                {
                    ["count"] = series.Count,
                    ["lastObservedTime"] = pending.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                },
            };
            await _client.EventsV1.PatchNamespacedEventAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), series.Name, ns, cancellationToken: timeout.Token);
            return;
        }

        var created = await _client.EventsV1.CreateNamespacedEventAsync(
            new Eventsv1Event
            {
                ApiVersion = $"{Eventsv1Event.KubeGroup}/{Eventsv1Event.KubeApiVersion}",
                Kind = Eventsv1Event.KubeKind,
                Metadata = new V1ObjectMeta
                {
                    // client-go: <object name>.<unix nanoseconds in hex>.
                    Name = $"{pending.Regarding.Name}.{(pending.Time - DateTime.UnixEpoch).Ticks * 100:x}",
                    NamespaceProperty = ns,
                    Annotations = pending.Annotations,
                },
                EventTime = pending.Time,
                ReportingController = _controller,
                ReportingInstance = _instance,
                Action = pending.Action,
                Reason = pending.Reason,
                Note = pending.Note,
                Type = pending.Type == EventType.Trace ? EventType.Normal : pending.Type,
                Regarding = pending.Regarding,
            },
            ns,
            cancellationToken: timeout.Token);
        _series[key] = new Series(created.Metadata.Name) { LastObserved = pending.Time };
        if (_series.Count > 4096)
        {
            foreach (var stale in _series.Where(s => pending.Time - s.Value.LastObserved >= SeriesWindow).Select(s => s.Key).ToList())
            {
                _series.Remove(stale);
            }
        }
    }

    /// <summary>
    /// The first 128 bits of the SHA-256 of the event's identity (object, type, reason, action, note): a series entry
    /// keeps 16 bytes instead of a note of up to 1 KiB, which at 10,000 objects was megabytes of strings.
    /// </summary>
    private static UInt128 SeriesKey(params ReadOnlySpan<string?> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0];
        foreach (var part in parts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part ?? string.Empty));
            hash.AppendData(separator);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    private void CountDrop(string reason)
    {
        Interlocked.Increment(ref _dropped);
        _metrics?.EventsDropped.WithLabels(reason).Inc();
    }

    private sealed record PendingEvent(V1ObjectReference Regarding, string Type, string Reason, string Action, string Note, DateTime Time, Dictionary<string, string>? Annotations);

    private sealed class Series(string name)
    {
        public string Name { get; } = name;

        public int Count { get; set; } = 1;

        public DateTime LastObserved { get; set; }
    }
}
