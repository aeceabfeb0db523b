using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Runtime.Informer;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// One watch of every OCIRepository in the cluster that records when each object was first seen with Ready=True
/// (a <see cref="Stopwatch"/> timestamp), reading only the fields it needs from each event. A watch the server ends is
/// resumed from the last resourceVersion seen (from scratch after an error such as 410 Gone). Under load the watch can
/// lag behind the API server; <see cref="StatusWriteTimes"/> gives the server's own times. It also keeps each object's
/// latest <c>status.lastHandledReconcileAt</c> and whether it was last seen SourceVerified=True.
/// </summary>
internal sealed class ReadinessWatch : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, long> _ready = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _handled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop;
    private readonly Task _watch;

    private ReadinessWatch(Kubernetes client, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _watch = Task.Run(() => WatchAsync(client, _stop.Token), _stop.Token);
    }

    /// <summary>Starts the watch and gives it a moment to be established.</summary>
    public static async Task<ReadinessWatch> StartAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        var watch = new ReadinessWatch(client, cancellationToken);
        await Task.Delay(500, cancellationToken);
        return watch;
    }

    /// <summary>Objects seen Ready=True so far.</summary>
    public int ReadyCount => _ready.Count;

    /// <summary>The timestamp at which the last of the objects seen so far became ready.</summary>
    public long LastReadyAt => _ready.Values.DefaultIfEmpty().Max();

    /// <summary>When <c>namespace/name</c> was first seen Ready=True (a <see cref="Stopwatch"/> timestamp), if it was.</summary>
    public bool TryGetReadyAt(string key, out long readyAt) => _ready.TryGetValue(key, out readyAt);

    /// <summary>The latest <c>status.lastHandledReconcileAt</c> seen of <c>namespace/name</c>.</summary>
    public string? LastHandled(string key) => _handled.GetValueOrDefault(key);

    /// <summary>Whether <c>namespace/name</c> was last seen with SourceVerified=True.</summary>
    public bool IsVerified(string key) => _verified.GetValueOrDefault(key);

    /// <summary>Waits until <paramref name="count"/> objects have been seen ready, printing progress every 5 s.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="controller"/> ended first (its log's tail in the message).</exception>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed first.</exception>
    public async Task WaitForAsync(int count, TimeSpan timeout, ControllerProcess controller, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromSeconds(5);
        while (ReadyCount < count)
        {
            if (_watch.IsFaulted)
            {
                await _watch;
            }

            if (controller.HasExited)
            {
                throw new InvalidOperationException($"the controller exited with {ReadyCount} of {count} objects Ready\n{controller.Tail()}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"only {ReadyCount} of {count} objects were Ready after {timeout}\n{controller.Tail()}");
            }

            if (clock.Elapsed > nextReport)
            {
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F0} s: {ReadyCount} of {count} Ready");
                nextReport += TimeSpan.FromSeconds(5);
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watch;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
        }

        _stop.Dispose();
    }

    private async Task WatchAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Resume where the last watch ended (with bookmarks), so a restart does not replay every object.
            var failed = false;
            await foreach (var (type, item) in Source(client).WatchAsync(new InformerOptions(), resourceVersion, 3600, _ => failed = true, cancellationToken))
            {
                resourceVersion = item.Metadata.ResourceVersion;
                if (type == WatchEventType.Bookmark)
                {
                    continue;
                }

                var key = $"{item.Metadata.NamespaceProperty}/{item.Metadata.Name}";
                if (HasCondition(item, "Ready"))
                {
                    _ready.TryAdd(key, Stopwatch.GetTimestamp());
                }

                _verified[key] = HasCondition(item, "SourceVerified");
                if (item.Status?.LastHandledReconcileAt is { } handled)
                {
                    _handled[key] = handled;
                }
            }

            if (failed)
            {
                resourceVersion = null;
            }
        }
    }

    private static CustomObjectListWatcher<OCIRepository> Source(Kubernetes client) =>
        new(client, new ResourceType(SourceApi.Group, OCIRepository.Version, SourceApi.Plural, SourceApi.Kind), SourceApiJsonContext.Default.OCIRepository);

    /// <summary>Whether the object has condition <paramref name="type"/> with status True.</summary>
    private static bool HasCondition(OCIRepository obj, string type) =>
        obj.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;
}
