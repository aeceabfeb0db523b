namespace OciSource.Controller.Cloud;

/// <summary>
/// fluxcd/pkg's <c>cache.TokenCache</c> for cloud registry credentials: an LRU of at most
/// <see cref="TokenCacheOptions.MaxSize"/> entries, each kept for 80% of its credential's remaining lifetime, at most
/// <see cref="TokenCacheOptions.MaxDuration"/>. Unlike Flux's (one lock held across every fetch) concurrent misses
/// wait only for a fetch of the same key. It remembers which objects used each entry: <see cref="Forget"/> (the object
/// was deleted) drops the object's metric series, as Flux, and the entries no other object uses, which Flux keeps
/// until they are evicted. Thread-safe.
/// </summary>
internal sealed class ProviderTokenCache(TokenCacheOptions options, TokenCacheMetrics metrics, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly Dictionary<string, Task<CachedCredential>> _fetching = new(StringComparer.Ordinal);
    private readonly Dictionary<InvolvedObject, HashSet<string>> _keysByObject = [];

    /// <summary>The cached value of <paramref name="key"/> if it has not expired, else <paramref name="fetch"/>'s, stored.</summary>
    /// <returns>The value and whether it came from the cache.</returns>
    /// <exception cref="Exception">Whatever <paramref name="fetch"/> throws (nothing is stored; counted as a failed request).</exception>
    public async Task<(T Value, bool Hit)> GetOrSetAsync<T>(
        string key, Func<CancellationToken, Task<(T Value, DateTimeOffset ExpiresAt)>> fetch, InvolvedObject involved, CancellationToken cancellationToken)
        where T : class
    {
        Task<CachedCredential> pending;
        bool owner;
        lock (_gate)
        {
            Use(involved, key);
            if (_entries.TryGetValue(key, out var node) && node.Value.ValidUntil > time.GetUtcNow())
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                Count(involved, hit: true, success: true);
                return ((T)node.Value.Value, true);
            }

            owner = !_fetching.TryGetValue(key, out pending!);
            if (owner)
            {
                pending = FetchAsync(fetch, cancellationToken);
                _fetching[key] = pending;
            }
        }

        CachedCredential fetched;
        try
        {
            fetched = await pending.WaitAsync(cancellationToken);
        }
        catch
        {
            lock (_gate)
            {
                if (owner)
                {
                    _fetching.Remove(key);
                }

                Count(involved, hit: false, success: false);
            }

            throw;
        }

        lock (_gate)
        {
            if (owner)
            {
                _fetching.Remove(key);
                Store(key, fetched);
            }

            Count(involved, hit: false, success: true);
        }

        return ((T)fetched.Value, false);
    }

    /// <summary>Flux's <c>DeleteEventsForObject</c>, and the entries only <paramref name="involved"/> used.</summary>
    public void Forget(InvolvedObject involved)
    {
        lock (_gate)
        {
            metrics.Events.RemoveLabelled("cache_miss", involved.Kind, involved.Name, involved.Namespace, involved.Operation);
            metrics.Events.RemoveLabelled("cache_hit", involved.Kind, involved.Name, involved.Namespace, involved.Operation);
            if (!_keysByObject.Remove(involved, out var keys))
            {
                return;
            }

            foreach (var key in keys)
            {
                if (!_keysByObject.Values.Any(other => other.Contains(key)) && _entries.Remove(key, out var node))
                {
                    _recency.Remove(node);
                }
            }

            metrics.Items.Set(_entries.Count);
        }
    }

    /// <summary>Number of entries held (expired ones included until replaced or evicted).</summary>
    public int Count()
    {
        lock (_gate)
        {
            return _entries.Count;
        }
    }

    private async Task<CachedCredential> FetchAsync<T>(Func<CancellationToken, Task<(T Value, DateTimeOffset ExpiresAt)>> fetch, CancellationToken cancellationToken)
        where T : class
    {
        await Task.Yield();
        var (value, expiresAt) = await fetch(cancellationToken);
        var now = time.GetUtcNow();
        var keep = TimeSpan.FromTicks(Math.Max(0, (expiresAt - now).Ticks) / 10 * 8);
        var limit = options.MaxDuration < TokenCacheOptions.MaxDurationLimit ? options.MaxDuration : TokenCacheOptions.MaxDurationLimit;
        return new CachedCredential(value, now + (keep < limit ? keep : limit));
    }

    private void Store(string key, CachedCredential fetched)
    {
        if (_entries.Remove(key, out var old))
        {
            _recency.Remove(old);
        }

        _entries[key] = _recency.AddFirst(new Entry(key, fetched.Value, fetched.ValidUntil));
        while (_entries.Count > options.MaxSize && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Key);
            metrics.Evictions.Inc();
        }

        metrics.Items.Set(_entries.Count);
    }

    private void Use(InvolvedObject involved, string key)
    {
        if (!_keysByObject.TryGetValue(involved, out var keys))
        {
            _keysByObject[involved] = keys = new HashSet<string>(StringComparer.Ordinal);
        }

        keys.Add(key);
    }

    private void Count(InvolvedObject involved, bool hit, bool success)
    {
        metrics.Requests.WithLabels(success ? "success" : "failure").Inc();
        metrics.Events.WithLabels(hit ? "cache_hit" : "cache_miss", involved.Kind, involved.Name, involved.Namespace, involved.Operation).Inc();
    }

    private sealed record Entry(string Key, object Value, DateTimeOffset ValidUntil);

    private sealed record CachedCredential(object Value, DateTimeOffset ValidUntil);
}
