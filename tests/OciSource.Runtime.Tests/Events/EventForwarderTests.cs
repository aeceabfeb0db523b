using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using OciSource.Runtime.Events;
using OciSource.Runtime.Metrics;
using OciSource.Runtime.Tests.Support;
using OciSource.Testing.Notifications;

namespace OciSource.Runtime.Tests.Events;

/// <summary>
/// Forwarding to a notification receiver as Flux's recorder does (fluxcd/pkg runtime/events/recorder.go with
/// go-retryablehttp), against a real HTTP receiver on loopback. Backoff is driven by a fake clock that announces each
/// wait, so no test sleeps and none asserts timings.
/// </summary>
public sealed class EventForwarderTests : IAsyncLifetime
{
    private static readonly V1ObjectReference App = new()
    {
        Kind = "OCIRepository",
        NamespaceProperty = "apps",
        Name = "podinfo",
        Uid = "6d9f4c2e-0000-4000-8000-000000000001",
        ApiVersion = "source.toolkit.fluxcd.io/v1",
        ResourceVersion = "4711",
    };

    private readonly TimerSignalClock _clock = new();
    private readonly RuntimeMetrics _metrics = RuntimeMetrics.CreateIsolated();
    private NotificationReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await NotificationReceiver.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Forward_NormalEvent_PostsFluxEventJsonWithEveryField()
    {
        await using var forwarder = Forwarder();
        var metadata = new Dictionary<string, string>
        {
            ["source.toolkit.fluxcd.io/revision"] = "v1@sha256:aa",
            ["source.toolkit.fluxcd.io/digest"] = "sha256:bb",
            ["event.toolkit.fluxcd.io/team"] = "blue",
        };

        Assert.True(forwarder.Forward(App, EventType.Normal, "NewArtifact", "stored artifact with revision 'v1@sha256:aa'", metadata));

        var received = await _receiver.NextAsync(Ct);
        Assert.Equal("/", received.Path);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal(
            ["involvedObject", "severity", "timestamp", "message", "reason", "metadata", "reportingController", "reportingInstance"],
            received.Body.EnumerateObject().Select(p => p.Name).ToArray());
        var involved = received.Body.GetProperty("involvedObject");
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["kind"] = "OCIRepository",
                ["namespace"] = "apps",
                ["name"] = "podinfo",
                ["uid"] = App.Uid,
                ["apiVersion"] = "source.toolkit.fluxcd.io/v1",
                ["resourceVersion"] = "4711",
            },
            involved.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        Assert.Equal("info", received.Field("severity"));
        Assert.Equal("2026-12-06T01:02:03Z", received.Field("timestamp"));
        Assert.Equal("stored artifact with revision 'v1@sha256:aa'", received.Field("message"));
        Assert.Equal("NewArtifact", received.Field("reason"));
        Assert.Equal(metadata, received.Metadata);
        Assert.Equal("source-controller", received.Field("reportingController"));
        Assert.Equal("replica-7", received.Field("reportingInstance"));
    }

    [Fact]
    public async Task Forward_WarningEventWithoutMetadata_IsSeverityErrorWithTheMessageCutToTheApiLimit()
    {
        await using var forwarder = Forwarder();

        forwarder.Forward(App, EventType.Warning, "OCIArtifactPullFailed", new string('x', 50_000));

        var received = await _receiver.NextAsync(Ct);
        Assert.Equal("error", received.Field("severity"));
        Assert.Equal(39_000, received.Field("message")!.Length);
        Assert.False(received.Body.TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task Forward_TraceEvent_IsNeverPosted()
    {
        await using var forwarder = Forwarder();

        Assert.False(forwarder.Forward(App, EventType.Trace, "ArtifactUpToDate", "artifact up-to-date"));
        forwarder.Forward(App, EventType.Normal, "NewArtifact", "after the trace");

        // Events are sent in order by one sender: had the Trace event been posted, it would arrive first.
        Assert.Equal("NewArtifact", (await _receiver.NextAsync(Ct)).Field("reason"));
        Assert.Equal(0, forwarder.Dropped);
    }

    [Fact]
    public async Task Forward_ServerErrors_AreRetriedFourTimesWithExponentialBackoffThenDropped()
    {
        await using var forwarder = Forwarder();
        _receiver.Answer(500, 502, 503, 504, 500);

        forwarder.Forward(App, EventType.Warning, "AuthenticationFailed", "first");

        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal("first", (await _receiver.NextAsync(Ct)).Field("message"));
            var wait = await _clock.NextTimerAsync(Ct);
            waits.Add(wait);
            _clock.Advance(wait);
        }

        Assert.Equal("first", (await _receiver.NextAsync(Ct)).Field("message"));
        forwarder.Forward(App, EventType.Normal, "Succeeded", "second");

        // The next request is the next event: the first was given up after its fifth attempt.
        Assert.Equal("second", (await _receiver.NextAsync(Ct)).Field("message"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], waits);
        Assert.Equal(1, forwarder.Dropped);
        Assert.Equal(1, _metrics.EventsForwardDropped.WithLabels("post_failed").Value);
    }

    [Fact]
    public async Task Forward_TooManyRequests_MeansDuplicateAndIsNotRetried()
    {
        await using var forwarder = Forwarder();
        _receiver.Answer(429);

        forwarder.Forward(App, EventType.Normal, "NewArtifact", "first");
        Assert.Equal(429, (await _receiver.NextAsync(Ct)).Answer);
        forwarder.Forward(App, EventType.Normal, "NewArtifact", "second");

        Assert.Equal("second", (await _receiver.NextAsync(Ct)).Field("message"));
        Assert.Equal(0, forwarder.Dropped);
    }

    [Fact]
    public async Task Forward_BufferFull_DropsAndCountsWithoutBlocking()
    {
        await using var forwarder = Forwarder(TimeProvider.System, capacity: 2);
        _receiver.Hold();
        forwarder.Forward(App, EventType.Normal, "NewArtifact", "0");
        Assert.Equal("0", (await _receiver.NextAsync(Ct)).Field("message"));

        // The sender is stuck on event 0, so two more fit in the buffer and the rest are dropped at once.
        var accepted = Enumerable.Range(1, 9).Select(i => forwarder.Forward(App, EventType.Normal, "NewArtifact", $"{i}")).ToList();

        Assert.Equal([true, true, false, false, false, false, false, false, false], accepted);
        Assert.Equal(7, forwarder.Dropped);
        Assert.Equal(7, _metrics.EventsForwardDropped.WithLabels("buffer_full").Value);
        _receiver.Release();
        Assert.Equal(["1", "2"], await NextMessagesAsync(2, except: "0"));
    }

    private EventForwarder Forwarder(TimeProvider? time = null, int capacity = 1000) =>
        new(_receiver.Address, "source-controller", "replica-7", time ?? _clock, NullLogger.Instance, _metrics, capacity);

    /// <summary>The next <paramref name="count"/> messages, skipping repeats of <paramref name="except"/> (a retry after a timeout under load).</summary>
    private async Task<List<string>> NextMessagesAsync(int count, string except)
    {
        var messages = new List<string>();
        while (messages.Count < count)
        {
            var message = (await _receiver.NextAsync(Ct)).Field("message")!;
            if (message != except)
            {
                messages.Add(message);
            }
        }

        return messages;
    }
}
