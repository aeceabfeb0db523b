using System.Text;
using System.Text.Json;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Auth;

/// <summary>
/// Fetches bearer tokens from a challenge's realm (Docker registry token spec): GET with basic credentials or
/// anonymously, or an OAuth2 POST with <c>grant_type=refresh_token</c> when the credential is an identity token.
/// A registry token is used as is, without a request.
/// </summary>
internal sealed class TokenClient(HttpMessageInvoker invoker, string userAgent)
{
    private const int MaxTokenResponse = 1024 * 1024;
    private const string ClientId = "oci-source-controller";

    /// <summary>Gets a token and its lifetime for <paramref name="scopes"/> from <paramref name="realm"/> (checked by <see cref="TokenRealm"/>).</summary>
    /// <exception cref="RegistryUnauthorizedException">The realm refused the credentials.</exception>
    /// <exception cref="RegistryException">The realm could not be reached, failed otherwise or answered without a token.</exception>
    public async Task<(string Token, TimeSpan Lifetime)> FetchAsync(
        AuthenticationChallenge challenge, Uri realm, RegistryCredential? credential, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        if (credential?.RegistryToken is { } registryToken)
        {
            return (registryToken, TimeSpan.FromMinutes(5));
        }

        using var request = credential?.IdentityToken is { } identityToken
            ? RefreshTokenRequest(realm, challenge.Service, scopes, identityToken)
            : TokenRequest(realm, challenge.Service, scopes, credential);
        request.Headers.UserAgent.ParseAdd(userAgent);
        var where = TokenRealm.Display(realm);
        using var response = await SendAsync(request, where, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryResponseErrors.CreateAsync(response, $"token request to {where} ({Describe(credential)})", cancellationToken) switch
            {
                RegistryUnauthorizedException or RegistryNotFoundException => new RegistryUnauthorizedException(
                    $"token request to {where} ({Describe(credential)}) was refused: {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode),
                var other => other,
            };
        }

        var body = await BoundedContent.ReadAsync(response.Content, MaxTokenResponse, $"token response from {where}", cancellationToken);
        TokenResponse? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, TokenJsonContext.Default.TokenResponse);
        }
        catch (JsonException)
        {
            throw new RegistryException($"token response from {where} is not valid JSON");
        }

        var token = parsed?.Token is { Length: > 0 } t ? t : parsed?.AccessToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new RegistryException($"token response from {where} holds no token");
        }

        var lifetime = TimeSpan.FromSeconds(parsed!.ExpiresIn is > 0 and var seconds ? seconds : 60);
        return (token, lifetime);
    }

    /// <summary>Sends; a connection failure becomes a <see cref="RegistryException"/>, never an <see cref="HttpRequestException"/>, so a failing realm cannot look like a failing registry connection.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string where, CancellationToken cancellationToken)
    {
        try
        {
            return await invoker.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException($"token request to {where} failed: {ex.Message}", innerException: ex);
        }
    }

    private static string Describe(RegistryCredential? credential) => credential switch
    {
        null => "anonymous",
        { IdentityToken: not null } => "identity token",
        _ => $"user '{credential.Username}'",
    };

    private static HttpRequestMessage TokenRequest(Uri realm, string? service, IReadOnlyCollection<string> scopes, RegistryCredential? credential)
    {
        var query = new StringBuilder(realm.Query.TrimStart('?'));
        if (!string.IsNullOrEmpty(service))
        {
            Append(query, "service", service);
        }

        foreach (var scope in scopes)
        {
            Append(query, "scope", scope);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = query.ToString() }.Uri);
        request.Headers.Authorization = credential?.BasicAuthorization();

        return request;
    }

    private static HttpRequestMessage RefreshTokenRequest(Uri realm, string? service, IReadOnlyCollection<string> scopes, string refreshToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", ClientId),
            new("scope", string.Join(' ', scopes)),
        };
        if (!string.IsNullOrEmpty(service))
        {
            form.Add(new("service", service));
        }

        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
