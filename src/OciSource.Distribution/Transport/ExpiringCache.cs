using System.Collections.Concurrent;

namespace OciSource.Distribution.Transport;

/// <summary>
/// A thread-safe map whose entries expire by <see cref="TimeProvider"/> time. Bounded: when
/// <see cref="MaxEntries"/> is reached, expired entries are pruned, then the whole map is cleared (a cache miss only
/// costs a request).
/// </summary>
internal sealed class ExpiringCache<TValue>(TimeProvider timeProvider)
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (TValue Value, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);

    /// <summary>The value stored under <paramref name="key"/> if it has not expired.</summary>
    public bool TryGet(string key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > timeProvider.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Stores <paramref name="value"/> until <paramref name="lifetime"/> from now.</summary>
    public void Set(string key, TValue value, TimeSpan lifetime)
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.Count >= MaxEntries)
        {
            foreach (var stale in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        _entries[key] = (value, now + lifetime);
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);
}
