using System.Net;
using System.Net.Http.Headers;

namespace OciSource.Distribution.Auth;

/// <summary>
/// Answers registry auth challenges (distribution token spec). Every request first gets the <c>Authorization</c>
/// header this handler knows for the request's own host — a cached Bearer token for its scope, or Basic when the
/// host asked for Basic — and nothing for any other host. On a 401 it parses the <c>WWW-Authenticate</c>
/// challenge, obtains a token from the realm (or uses Basic), caches it per registry + credential + scope, and
/// retries the request once. A 401 it cannot answer is returned to the caller unchanged.
/// </summary>
internal sealed class AuthenticationHandler(ICredentialStore credentials, TokenCache cache, TokenClient tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var host = uri.Authority;
        var repository = RepositoryOf(uri.AbsolutePath);
        var credential = credentials.Find(host, repository ?? string.Empty);
        var scopes = Scopes(request.Method, repository);

        request.Headers.Authorization = cache.Challenge(host) is { } known
            ? await AuthorizeAsync(host, credential, known, scopes, refresh: false, cancellationToken)
            : null;
        var sent = request.Headers.Authorization;
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || Challenge(response) is not { } challenge)
        {
            return response;
        }

        cache.RememberChallenge(host, challenge);
        if (challenge.Scope is { Length: > 0 } asked)
        {
            scopes = [.. scopes.Union(asked.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Order(StringComparer.Ordinal)];
        }

        var header = await AuthorizeAsync(host, credential, challenge, scopes, refresh: true, cancellationToken);
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
        string host, RegistryCredential? credential, AuthenticationChallenge challenge, string[] scopes, bool refresh, CancellationToken cancellationToken)
    {
        if (challenge.IsBasic)
        {
            return credential?.BasicAuthorization();
        }

        if (!challenge.IsBearer)
        {
            return null;
        }

        var key = TokenCache.Key(host, credential, string.Join(' ', scopes));
        if (refresh)
        {
            cache.RemoveToken(key);
        }
        else if (cache.TryGetToken(key, out var cached))
        {
            return new AuthenticationHeaderValue("Bearer", cached);
        }

        var (token, lifetime) = await tokens.FetchAsync(challenge, credential, scopes, cancellationToken);
        cache.StoreToken(key, token, lifetime);
        return new AuthenticationHeaderValue("Bearer", token);
    }
}
