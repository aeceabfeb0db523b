namespace OciSource.Distribution.Cloud;

/// <summary>
/// What a provider builds per network path (<see cref="CloudHttp.Key"/>: an HTTP handler, an SDK client or credential
/// bound to an object's proxy), so connections and the SDKs' own token caches are reused — at most
/// <see cref="Capacity"/> of them, least recently used first out, so objects naming ever new proxies cannot grow the
/// controller's memory without bound. An evicted value is not disposed (a request in flight may still use it); the
/// garbage collector reclaims it, idle pooled connections close after their idle timeout. Thread-safe.
/// </summary>
internal sealed class NetworkPathCache<TKey, TValue>(int capacity = NetworkPathCache<TKey, TValue>.DefaultCapacity)
    where TKey : notnull
{
    /// <summary>Far more network paths than a cluster's objects normally name (most use the environment's proxy: one path).</summary>
    public const int DefaultCapacity = 32;

    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _recency = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Every value held now (to dispose them with their owner).</summary>
    public IReadOnlyList<TValue> Values
    {
        get
        {
            lock (_gate)
            {
                return [.. _recency.Select(e => e.Value)];
            }
        }
    }

    /// <summary>The value for <paramref name="key"/>, made by <paramref name="create"/> (under the cache's lock, so once per key) when absent.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Value;
            }

            var value = create(key);
            _entries[key] = _recency.AddFirst((key, value));
            if (_entries.Count > Capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            return value;
        }
    }

    public bool TryGetValue(TKey key, out TValue value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }

            value = default!;
            return false;
        }
    }
}
