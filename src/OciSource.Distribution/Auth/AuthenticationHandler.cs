using System.Net;
using System.Net.Http.Headers;

namespace OciSource.Distribution.Auth;

/// <summary>
/// Answers registry auth challenges (distribution token spec). Every request first gets the <c>Authorization</c>
/// header this handler knows for the request's own scheme and host — a cached Bearer token for its scope, or Basic
/// when that host asked for Basic — and nothing for any other host. On a 401 it parses the <c>WWW-Authenticate</c>
/// challenge, checks a Bearer realm (<see cref="TokenRealm"/>), obtains a token from the realm (or uses Basic),
/// caches challenge and token under the request's authentication scope (<see cref="TokenCache.Scope"/>: this
/// client's transport identity, the scheme and host the challenge came from, and the credential), and retries the
/// request once. A 401 it cannot answer is returned to the caller unchanged. A request marked
/// <see cref="WithoutCredentials"/> (a redirect that changed scheme) is sent without any <c>Authorization</c> and its
/// challenges are not answered. Sits below the scheme fallback, so it sees the scheme really used on the wire.
/// </summary>
/// <exception cref="Errors.RegistryUnauthorizedException">A challenge names a realm that is not allowed, or the realm refused the credentials.</exception>
internal sealed class AuthenticationHandler(ICredentialStore credentials, TokenCache cache, TokenClient tokens, string transportIdentity) : DelegatingHandler
{
    /// <summary>Set on a request that must carry no credentials, whatever its host.</summary>
    public static readonly HttpRequestOptionsKey<bool> WithoutCredentials = new("OciSource.Distribution.WithoutCredentials");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(WithoutCredentials, out var stripped) && stripped)
        {
            request.Headers.Authorization = null;
            return await base.SendAsync(request, cancellationToken);
        }

        var uri = request.RequestUri!;
        var repository = RepositoryOf(uri.AbsolutePath);
        var credential = credentials.Find(uri.Authority, repository ?? string.Empty);
        var scope = TokenCache.Scope(transportIdentity, uri, credential);
        var scopes = Scopes(request.Method, repository);

        request.Headers.Authorization = cache.Challenge(scope) is { } known
            ? await AuthorizeAsync(scope, uri, credential, known, scopes, refresh: false, cancellationToken)
            : null;
        var sent = request.Headers.Authorization;
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || Challenge(response) is not { } challenge)
        {
            return response;
        }

        if (challenge.Scope is { Length: > 0 } asked)
        {
            scopes = [.. scopes.Union(asked.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal)];
        }

        AuthenticationHeaderValue? header;
        try
        {
            header = await AuthorizeAsync(scope, uri, credential, challenge, scopes, refresh: true, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        // Only a challenge whose realm passed the checks is used again to authorize requests up front.
        cache.RememberChallenge(scope, challenge);
        if (header is null || header.Equals(sent))
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = header;
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>The repository named by a <c>/v2/&lt;name&gt;/(manifests|blobs|tags)/…</c> path; null for others.</summary>
    internal static string? RepositoryOf(string path)
    {
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var marker in (ReadOnlySpan<string>)["/manifests/", "/blobs/", "/tags/", "/referrers/"])
        {
            var index = path.LastIndexOf(marker, StringComparison.Ordinal);
            if (index > 4)
            {
                return Uri.UnescapeDataString(path[4..index]);
            }
        }

        return null;
    }

    private static string[] Scopes(HttpMethod method, string? repository) =>
        repository is null ? [] : [$"repository:{repository}:{(method == HttpMethod.Get || method == HttpMethod.Head ? "pull" : "pull,push")}"];

    private static AuthenticationChallenge? Challenge(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values))
        {
            return null;
        }

        var challenges = ChallengeParser.ParseLenient(values);
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    private async Task<AuthenticationHeaderValue?> AuthorizeAsync(
        string scope, Uri uri, RegistryCredential? credential, AuthenticationChallenge challenge, string[] scopes, bool refresh, CancellationToken cancellationToken)
    {
        if (challenge.IsBasic)
        {
            return credential?.BasicAuthorization();
        }

        if (!challenge.IsBearer)
        {
            return null;
        }

        var key = TokenCache.Key(scope, string.Join(' ', scopes));
        if (refresh)
        {
            cache.RemoveToken(key);
        }
        else if (cache.TryGetToken(key, out var cached))
        {
            return new AuthenticationHeaderValue("Bearer", cached);
        }

        var (token, lifetime) = await tokens.FetchAsync(challenge, TokenRealm.Validate(challenge, uri), credential, scopes, cancellationToken);
        cache.StoreToken(key, token, lifetime);
        return new AuthenticationHeaderValue("Bearer", token);
    }
}
