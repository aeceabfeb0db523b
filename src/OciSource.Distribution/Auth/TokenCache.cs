using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Auth;

/// <summary>
/// Bearer tokens and known challenges, shared by every client of a factory so a steady-state reconcile reuses them.
/// Every entry belongs to one authentication scope (<see cref="Scope"/>): the transport identity, the scheme and
/// host the challenge came from, and the credential. A client never sees an entry learned under another scope, so a
/// challenge that a tenant's own proxy or CA planted is only ever followed by clients with that same proxy or CA and
/// that same credential. Tokens are dropped shortly before they expire; challenges after <see cref="ChallengeLifetime"/>.
/// </summary>
internal sealed class TokenCache(TimeProvider timeProvider)
{
    /// <summary>How long a challenge is used to authorize requests up front before it must be learned again.</summary>
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromHours(1);

    private readonly ExpiringCache<string> _tokens = new(timeProvider);
    private readonly ExpiringCache<AuthenticationChallenge> _challenges = new(timeProvider);

    /// <summary>The scope key of requests to <paramref name="uri"/>'s scheme and authority over <paramref name="transportIdentity"/> with <paramref name="credential"/>.</summary>
    public static string Scope(string transportIdentity, Uri uri, RegistryCredential? credential) =>
        $"{transportIdentity}\n{uri.Scheme}://{uri.Authority.ToLowerInvariant()}\n{credential?.Fingerprint ?? "anonymous"}";

    /// <summary>The token key of <paramref name="scopes"/> (space separated, sorted) within <paramref name="scope"/>.</summary>
    public static string Key(string scope, string scopes) => $"{scope}\n{scopes}";

    public bool TryGetToken(string key, out string token) => _tokens.TryGet(key, out token);

    /// <summary>Stores a token valid for <paramref name="lifetime"/>, minus a margin (10 %, at most 30 s).</summary>
    public void StoreToken(string key, string token, TimeSpan lifetime)
    {
        var margin = TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 10, TimeSpan.FromSeconds(30).Ticks));
        _tokens.Set(key, token, lifetime - margin);
    }

    public void RemoveToken(string key) => _tokens.Remove(key);

    public AuthenticationChallenge? Challenge(string scope) => _challenges.TryGet(scope, out var challenge) ? challenge : null;

    public void RememberChallenge(string scope, AuthenticationChallenge challenge) => _challenges.Set(scope, challenge, ChallengeLifetime);
}
