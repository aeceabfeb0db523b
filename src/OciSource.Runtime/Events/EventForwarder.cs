using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text.Json;
using System.Threading.Channels;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Metrics;
using Polly;
using Polly.Retry;

namespace OciSource.Runtime.Events;

/// <summary>
/// Forwards Normal and Warning events to a Flux notification-controller style receiver (<c>--events-addr</c>) as
/// fluxcd/pkg <c>runtime/events/recorder.go</c> does: a POST of <see cref="NotificationEvent"/> JSON, each attempt
/// bounded by <see cref="AttemptTimeout"/>, retried (go-retryablehttp's policy) on connection errors and 5xx answers
/// other than 501 up to <see cref="MaxRetries"/> times with exponential backoff from <see cref="MinBackoff"/> to
/// <see cref="MaxBackoff"/> (a 503's <c>Retry-After</c> is honoured up to <see cref="MaxBackoff"/>); a 429 answer means
/// the receiver saw the event already and is not retried. Trace events are never forwarded.
/// <see cref="Forward"/> never blocks: events wait in a bounded buffer for one sender, in order; when the buffer is
/// full the event is dropped and counted (<see cref="Dropped"/>, <c>ocisource_events_forward_dropped_total</c>), as is
/// an event whose POST failed for good.
/// </summary>
public sealed partial class EventForwarder : IAsyncDisposable
{
    /// <summary>Per attempt (Flux: the HTTP client's 5 s timeout).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Retries after the first attempt (go-retryablehttp's default).</summary>
    public const int MaxRetries = 4;

    /// <summary>The first retry's wait; each further one doubles it.</summary>
    public static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="DisposeAsync"/> lets queued events be delivered before it gives up on them.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);


    private readonly Uri _address;
    private readonly string _controller;
    private readonly string _instance;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RuntimeMetrics? _metrics;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly Channel<NotificationEvent> _pending;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _dropped;

    /// <param name="address">The receiver, e.g. <c>http://notification-controller.flux-system.svc.cluster.local./</c>.</param>
    /// <param name="reportingController">e.g. <c>source-controller</c>.</param>
    /// <param name="reportingInstance">This replica's host name.</param>
    /// <param name="time">Drives the backoff waits.</param>
    /// <param name="capacity">Events buffered before new ones are dropped.</param>
    public EventForwarder(Uri address, string reportingController, string reportingInstance, TimeProvider time, ILogger logger, RuntimeMetrics? metrics = null, int capacity = 1000)
    {
        _address = address;
        _controller = reportingController;
        _instance = reportingInstance;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _http = new HttpClient { Timeout = AttemptTimeout };
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = MinBackoff,
                MaxDelay = MaxBackoff,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            })
            .Build();
        _pending = Channel.CreateBounded<NotificationEvent>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _loop = Task.Run(SendLoopAsync);
    }

    /// <summary>Events not delivered: buffer full, POST failed after its retries, or still queued when stopped.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Queues the event about <paramref name="involvedObject"/> for the receiver and returns at once. Returns false
    /// when it is not forwarded: a <see cref="EventType.Trace"/> event, an object without kind, name or namespace
    /// (as Flux), or a full buffer (counted as dropped).
    /// </summary>
    /// <param name="message">Cut to <see cref="NotificationEvent.MaxMessageLength"/> characters.</param>
    /// <param name="metadata">The event's annotations; empty or null sends none.</param>
    public bool Forward(V1ObjectReference involvedObject, string type, string reason, string message, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (type == EventType.Trace)
        {
            return false;
        }

        if (string.IsNullOrEmpty(involvedObject.Kind) || string.IsNullOrEmpty(involvedObject.Name) || string.IsNullOrEmpty(involvedObject.NamespaceProperty))
        {
            LogUnaddressable(_logger, involvedObject.Kind, involvedObject.NamespaceProperty, involvedObject.Name);
            return false;
        }

        var notification = new NotificationEvent
        {
            InvolvedObject = involvedObject,
            Severity = type == EventType.Warning ? NotificationEvent.SeverityError : NotificationEvent.SeverityInfo,
            Timestamp = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Message = message.Length > NotificationEvent.MaxMessageLength ? message[..NotificationEvent.MaxMessageLength] : message,
            Reason = reason,
            Metadata = metadata is { Count: > 0 } ? new Dictionary<string, string>(metadata) : null,
            ReportingController = _controller,
            ReportingInstance = string.IsNullOrEmpty(_instance) ? null : _instance,
        };
        if (_pending.Writer.TryWrite(notification))
        {
            return true;
        }

        CountDrop("buffer_full");
        return false;
    }

    /// <summary>
    /// Stops accepting events and lets the queued ones be delivered for up to <see cref="DrainTimeout"/>; what is left
    /// then (including an event waiting for a retry) is dropped and counted.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(DrainTimeout, _time);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
            await _loop;
        }

        _stopping.Dispose();
        _http.Dispose();
    }

    private async Task SendLoopAsync()
    {
        await foreach (var notification in _pending.Reader.ReadAllAsync())
        {
            if (_stopping.IsCancellationRequested)
            {
                CountDrop("stopped");
                continue;
            }

            await SendAsync(notification, _stopping.Token);
        }
    }

    private async Task SendAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(notification, NotificationJsonContext.Default.NotificationEvent);
        var about = $"{notification.InvolvedObject.NamespaceProperty}/{notification.InvolvedObject.Name}";
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async ct =>
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    return await _http.PostAsync(_address, content, ct);
                },
                cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                LogDuplicate(_logger, notification.Reason, about);
            }
            else if (!response.IsSuccessStatusCode)
            {
                CountDrop("post_failed");
                LogRefused(_logger, notification.Reason, about, (int)response.StatusCode);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CountDrop("stopped");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            CountDrop("post_failed");
            LogFailed(_logger, e, notification.Reason, about);
        }
    }

    /// <summary>go-retryablehttp's ErrorPropagatedRetryPolicy, with Flux's exception for 429.</summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            return status == 0 || (status >= 500 && status != (int)HttpStatusCode.NotImplemented);
        }

        // Connection errors and the per-attempt timeout are retried; a certificate the client does not trust is not.
        return outcome.Exception is TaskCanceledException or IOException
            || (outcome.Exception is HttpRequestException request && request.InnerException is not AuthenticationException);
    }

    /// <summary>A 503's <c>Retry-After</c> (seconds or a date), capped at <see cref="MaxBackoff"/>; null: the exponential backoff.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var delay = header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
        return delay is not { } d ? null : d < TimeSpan.Zero ? TimeSpan.Zero : d > MaxBackoff ? MaxBackoff : d;
    }

    private void CountDrop(string reason)
    {
        Interlocked.Increment(ref _dropped);
        _metrics?.EventsForwardDropped.WithLabels(reason).Inc();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "unable to forward event: object reference lacks kind, namespace or name ({Kind} {Namespace}/{Name})")]
    private static partial void LogUnaddressable(ILogger logger, string? kind, string? @namespace, string? name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "event {Reason} for {Object}: the receiver reports a duplicate (429)")]
    private static partial void LogDuplicate(ILogger logger, string reason, string @object);

    [LoggerMessage(Level = LogLevel.Error, Message = "unable to forward event {Reason} for {Object}: the receiver answered {Status}")]
    private static partial void LogRefused(ILogger logger, string reason, string @object, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "unable to forward event {Reason} for {Object}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reason, string @object);
}
