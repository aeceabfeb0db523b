using System.Collections.Concurrent;

namespace OciSource.Distribution.Auth;

/// <summary>
/// Bearer tokens and known challenges, shared by every client of a factory so a steady-state reconcile reuses
/// them. Tokens are keyed by registry, credential fingerprint and scope, and dropped shortly before they expire.
/// Bounded: beyond <see cref="MaxEntries"/> expired entries are pruned, then the cache is cleared.
/// </summary>
internal sealed class TokenCache(TimeProvider timeProvider)
{
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ExpiresAt)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthenticationChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);

    public bool TryGetToken(string key, out string token)
    {
        if (_tokens.TryGetValue(key, out var entry) && entry.ExpiresAt > timeProvider.GetUtcNow())
        {
            token = entry.Token;
            return true;
        }

        token = string.Empty;
        return false;
    }

    /// <summary>Stores a token valid for <paramref name="lifetime"/>, minus a margin (10 %, at most 30 s).</summary>
    public void StoreToken(string key, string token, TimeSpan lifetime)
    {
        var margin = TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 10, TimeSpan.FromSeconds(30).Ticks));
        var now = timeProvider.GetUtcNow();
        if (_tokens.Count >= MaxEntries)
        {
            foreach (var stale in _tokens.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
            {
                _tokens.TryRemove(stale, out _);
            }

            if (_tokens.Count >= MaxEntries)
            {
                _tokens.Clear();
            }
        }

        _tokens[key] = (token, now + lifetime - margin);
    }

    public void RemoveToken(string key) => _tokens.TryRemove(key, out _);

    public AuthenticationChallenge? Challenge(string registry) => _challenges.TryGetValue(registry, out var c) ? c : null;

    public void RememberChallenge(string registry, AuthenticationChallenge challenge)
    {
        if (_challenges.Count < MaxEntries)
        {
            _challenges[registry] = challenge;
        }
    }

    public static string Key(string registry, RegistryCredential? credential, string scope) =>
        $"{registry.ToLowerInvariant()}\n{credential?.Fingerprint ?? "anonymous"}\n{scope}";
}
