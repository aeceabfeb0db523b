using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace OciSource.Runtime.Informer;

/// <summary>
/// A cache of one resource kind (a custom resource, or what an <see cref="IListWatcher{T}"/> serves) kept current by
/// list + watch (client-go's reflector): a paged list, then a watch from the list's resourceVersion with bookmarks. A
/// watch that ends is resumed from the last resourceVersion seen; <c>410 Gone</c> (expired resourceVersion) triggers a
/// relist that reports vanished objects as deletes. Failed lists and watches are retried with exponential delay. Cached
/// objects carry no <c>managedFields</c>.
/// </summary>
public sealed class Informer<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatcher<T> _source;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ReconcileRequest, T> _cache = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IInformerHandler<T>> _handlers = [];
    private string? _resourceVersion;
    private long _lists;

    /// <summary>An informer of the custom resource <paramref name="resource"/>, read with <paramref name="typeInfo"/>.</summary>
    public Informer(IKubernetes client, ResourceType resource, JsonTypeInfo<T> typeInfo, InformerOptions options, TimeProvider time, ILogger logger)
        : this(new CustomObjectListWatcher<T>(client, resource, typeInfo), options, time, logger)
    {
    }

    /// <summary>An informer of whatever <paramref name="source"/> lists and watches (e.g. <see cref="SecretListWatcher"/>).</summary>
    public Informer(IListWatcher<T> source, InformerOptions options, TimeProvider time, ILogger logger)
    {
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Cached objects.</summary>
    public int Count => _cache.Count;

    /// <summary>Full lists done so far (1 after the first sync; more after each relist).</summary>
    public long Lists => Interlocked.Read(ref _lists);

    /// <summary>Registers a handler; must be called before <see cref="RunAsync"/>.</summary>
    public void AddHandler(IInformerHandler<T> handler) => _handlers.Add(handler);

    /// <summary>The cached object, or null when it does not exist (as far as the cache knows).</summary>
    public T? Get(ReconcileRequest key) => _cache.GetValueOrDefault(key);

    /// <summary>A snapshot of the cached objects.</summary>
    public IReadOnlyList<T> List() => [.. _cache.Values];

    /// <summary>Completes once the first full list is in the cache.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task ReadyAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled; never throws otherwise.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var needList = true;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAsync(cancellationToken);
                    needList = false;
                    _synced.TrySetResult();
                }

                var outcome = await WatchAsync(cancellationToken);
                if (outcome == WatchOutcome.Expired)
                {
                    RuntimeLog.WatchExpired(_logger, _source.Plural, _resourceVersion);
                    needList = true;
                    failures = 0;
                    continue;
                }

                if (outcome == WatchOutcome.ClosedWithEvents)
                {
                    failures = 0;
                    continue;
                }

                // Closed at once without events: do not spin against a server that keeps closing.
                await DelayAsync(++failures, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                RuntimeLog.WatchExpired(_logger, _source.Plural, _resourceVersion);
                needList = true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                RuntimeLog.ListWatchFailed(_logger, e, _source.Plural, failures + 1);
                try
                {
                    await DelayAsync(++failures, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private Task DelayAsync(int failures, CancellationToken cancellationToken)
    {
        var delay = _options.MinReconnectDelay * Math.Pow(2, Math.Min(failures - 1, 16));
        return Task.Delay(delay < _options.MaxReconnectDelay ? delay : _options.MaxReconnectDelay, _time, cancellationToken);
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<ReconcileRequest, T>();
        string? continueToken = null;
        string? resourceVersion;
        do
        {
            var page = await _source.ListAsync(_options, continueToken, cancellationToken);
            foreach (var item in page.Items)
            {
                listed[KeyOf(item)] = Strip(item);
            }

            continueToken = page.Metadata?.ContinueProperty;
            resourceVersion = page.Metadata?.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(continueToken));

        Replace(listed);
        _resourceVersion = resourceVersion;
        Interlocked.Increment(ref _lists);
        RuntimeLog.Listed(_logger, _source.Plural, listed.Count, resourceVersion);
    }

    /// <summary>client-go's DeltaFIFO.Replace: updates and adds for listed objects, deletes for vanished ones.</summary>
    private void Replace(Dictionary<ReconcileRequest, T> listed)
    {
        foreach (var (key, old) in _cache)
        {
            if (!listed.ContainsKey(key) && _cache.TryRemove(key, out _))
            {
                Notify(h => h.OnDeleted(old));
            }
        }

        foreach (var (key, obj) in listed)
        {
            Upsert(key, obj);
        }
    }

    private void Upsert(ReconcileRequest key, T obj)
    {
        if (_cache.TryGetValue(key, out var old))
        {
            _cache[key] = obj;
            if (old.Metadata.Uid != obj.Metadata.Uid)
            {
                // Deleted and re-created while the watch was away.
                Notify(h => h.OnDeleted(old));
                Notify(h => h.OnAdded(obj));
            }
            else
            {
                Notify(h => h.OnUpdated(old, obj));
            }
        }
        else
        {
            _cache[key] = obj;
            Notify(h => h.OnAdded(obj));
        }
    }

    private async Task<WatchOutcome> WatchAsync(CancellationToken cancellationToken)
    {
        KubernetesException? watchError = null;
        void OnError(Exception e)
        {
            if (e is KubernetesException k)
            {
                watchError = k;
            }
            else
            {
                RuntimeLog.WatchEventUnreadable(_logger, e, _source.Plural);
            }
        }

        var timeout = (int)(_options.MinWatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        var events = _source.WatchAsync(_options, _resourceVersion, timeout, OnError, cancellationToken);

        var started = _time.GetTimestamp();
        var seen = 0;
        await foreach (var (type, obj) in events)
        {
            seen++;
            var resourceVersion = obj.Metadata?.ResourceVersion;
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    Upsert(KeyOf(obj), Strip(obj));
                    break;
                case WatchEventType.Deleted:
                    if (_cache.TryRemove(KeyOf(obj), out var old))
                    {
                        Notify(h => h.OnDeleted(old));
                    }

                    break;
                case WatchEventType.Bookmark:
                    break;
                default:
                    continue;
            }

            if (!string.IsNullOrEmpty(resourceVersion))
            {
                _resourceVersion = resourceVersion;
            }
        }

        if (watchError?.Status?.Code == (int)HttpStatusCode.Gone)
        {
            return WatchOutcome.Expired;
        }

        if (watchError is not null)
        {
            throw watchError;
        }

        // A watch that ran a while (its server-side timeout) is healthy even without events.
        return seen > 0 || _time.GetElapsedTime(started) > TimeSpan.FromSeconds(1) ? WatchOutcome.ClosedWithEvents : WatchOutcome.ClosedEmpty;
    }

    private void Notify(Action<IInformerHandler<T>> action)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                action(handler);
            }
            catch (Exception e)
            {
                RuntimeLog.HandlerFailed(_logger, e, _source.Plural);
            }
        }
    }

    private static T Strip(T obj)
    {
        obj.Metadata.ManagedFields = null;
        return obj;
    }

    private static ReconcileRequest KeyOf(T obj) => new(obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    private enum WatchOutcome
    {
        ClosedWithEvents,
        ClosedEmpty,
        Expired,
    }
}
