using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace OciSource.Testing.Registry;

/// <summary>
/// A token server of the Docker token specification on 127.0.0.1 (plain HTTP), the realm of a
/// <see cref="RegistryAuth.Token"/> registry. <c>GET /token?service=…&amp;scope=…</c> answers anonymous or Basic
/// requests with <c>{token, access_token, expires_in, issued_at}</c> (plus <c>refresh_token</c> when
/// <c>offline_token=true</c> and authenticated); <c>POST /token</c> (OAuth2 form: <c>grant_type=password</c> with
/// <c>username</c>/<c>password</c>, or <c>grant_type=refresh_token</c> with <c>refresh_token</c>; <c>client_id</c>
/// required) answers <c>{access_token, token_type, scope, expires_in, issued_at}</c>, plus <c>refresh_token</c> for a
/// password grant with <c>access_type=offline</c>. Access rules: see <see cref="TokenAccessPolicy"/>. Bad
/// credentials get 401, malformed requests 400 (<c>{error, error_description}</c>, never echoing secrets).
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    /// <summary>Repositories whose name starts with this are pullable anonymously.</summary>
    public const string DefaultPublicPrefix = "public/";

    private readonly WebApplication _app;
    private readonly TokenSigner _signer;
    private readonly TokenAccessPolicy _policy;
    private readonly Lock _gate = new();
    private readonly List<TokenRequest> _requests = [];
    private readonly List<Func<string, string, bool>> _acceptedWhen = [];
    private long _expiresInSeconds = 300;

    private TokenServer(WebApplication app, TokenSigner signer, string publicPrefix)
    {
        _app = app;
        _signer = signer;
        _policy = new TokenAccessPolicy(publicPrefix);
        PublicPrefix = publicPrefix;
        Credential = new NetworkCredential("ocisource", RandomSecret());
        RefreshToken = RandomSecret();
    }

    /// <summary>The realm URL the registry names in its <c>Bearer</c> challenges, <c>http://127.0.0.1:&lt;port&gt;/token</c>.</summary>
    public Uri Realm { get; private set; } = null!;

    /// <summary>The registry's <c>service</c> name (the tokens' audience).</summary>
    public string Service { get; } = "ocisource-test-registry";

    /// <summary>The tokens' <c>iss</c> claim, which the registry requires.</summary>
    public string Issuer { get; } = "ocisource-test-token-server";

    public string PublicPrefix { get; }

    /// <summary>The one user (random password): pull and push on every repository.</summary>
    public NetworkCredential Credential { get; }

    /// <summary>A refresh token (Docker's <c>identitytoken</c>) accepted by the <c>refresh_token</c> grant for <see cref="Credential"/>'s user.</summary>
    public string RefreshToken { get; }

    /// <summary>
    /// Lifetime of the tokens issued from now on (<c>expires_in</c> and the <c>exp</c> claim); default 300 s, whole
    /// seconds, at least 1. The registry still accepts a token up to 60 s after <c>exp</c> (distribution's leeway).
    /// </summary>
    public TimeSpan ExpiresIn
    {
        get => TimeSpan.FromSeconds(Interlocked.Read(ref _expiresInSeconds));
        set => Interlocked.Exchange(ref _expiresInSeconds, Math.Max(1, (long)value.TotalSeconds));
    }

    /// <summary>A snapshot of the requests answered so far, oldest first. Each is recorded before its answer is sent.</summary>
    public IReadOnlyList<TokenRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// Accepts <paramref name="credential"/> as well as <see cref="Credential"/> (the user is the token's subject, with
    /// the same rights), until <see cref="Revoke"/>: how a cloud simulator makes the registry take the credential it issued.
    /// </summary>
    public void Accept(NetworkCredential credential) =>
        AcceptWhen((user, password) => user == credential.UserName && SecretEquals(password, credential.Password));

    /// <summary>
    /// Accepts every username and password <paramref name="accepts"/> approves (e.g. a token a cloud simulator issued
    /// during the test), until <see cref="Revoke"/>.
    /// </summary>
    public void AcceptWhen(Func<string, string, bool> accepts)
    {
        lock (_gate)
        {
            _acceptedWhen.Add(accepts);
        }
    }

    /// <summary>Stops accepting every credential given to <see cref="Accept"/> or <see cref="AcceptWhen"/> (an issued credential that expired).</summary>
    public void Revoke()
    {
        lock (_gate)
        {
            _acceptedWhen.Clear();
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _signer.Dispose();
    }

    /// <summary>Starts the server with a fresh signing key, user password and refresh token.</summary>
    internal static async Task<TokenServer> StartAsync(string publicPrefix, CancellationToken cancellationToken)
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var server = new TokenServer(app, TokenSigner.Create(), publicPrefix);
        app.MapGet("/token", server.GetAsync);
        app.MapPost("/token", server.PostAsync);
        try
        {
            server.Realm = new Uri(await LoopbackWebApp.StartAsync(app, cancellationToken), "/token");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the PEM certificate the registry's <c>rootcertbundle</c> must hold to trust the tokens.</summary>
    internal void WriteRootCertificateBundle(string path) => _signer.WriteCertificate(path);

    private Task GetAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var (subject, failure) = AuthenticateBasic(context.Request.Headers.Authorization.ToString());
        var request = NewRequest("GET", null, query["service"], query["scope"], query["client_id"], subject);
        return AnswerAsync(context, request, failure, offline: query["offline_token"] == "true", oauth: false);
    }

    private async Task PostAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            var bare = NewRequest("POST", null, default, default, default, null);
            await AnswerAsync(context, bare, TokenFailure.InvalidRequest("expected an application/x-www-form-urlencoded body"), false, true);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var grantType = form["grant_type"].ToString();
        var (subject, failure) = grantType switch
        {
            "password" => Authenticate(form["username"].ToString(), form["password"].ToString()),
            "refresh_token" => SecretEquals(form["refresh_token"].ToString(), RefreshToken)
                ? (Credential.UserName, null)
                : (null, new TokenFailure(401, "invalid_grant", "unknown refresh token")),
            _ => (null, new TokenFailure(400, "unsupported_grant_type", "grant_type must be password or refresh_token")),
        };
        if (failure is null && StringValues.IsNullOrEmpty(form["client_id"]))
        {
            (subject, failure) = (null, TokenFailure.InvalidRequest("client_id is required"));
        }

        var request = NewRequest("POST", grantType, form["service"], form["scope"], form["client_id"], subject);
        var offline = grantType == "password" && form["access_type"] == "offline";
        await AnswerAsync(context, request, failure, offline, oauth: true);
    }

    private async Task AnswerAsync(HttpContext context, TokenRequest request, TokenFailure? failure, bool offline, bool oauth)
    {
        var scopes = new List<TokenScope>();
        if (failure is null && request.Service is not null && request.Service != Service)
        {
            failure = TokenFailure.InvalidRequest($"unknown service '{request.Service}'");
        }

        foreach (var text in request.Scopes)
        {
            if (!TokenScope.TryParse(text, out var scope))
            {
                failure ??= new TokenFailure(400, "invalid_scope", $"malformed scope '{text}'");
            }

            scopes.Add(scope);
        }

        Record(request with { Status = failure?.Status ?? 200, Subject = failure is null ? request.Subject : null });
        if (failure is not null)
        {
            context.Response.StatusCode = failure.Status;
            if (failure.Status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Issuer}\"";
            }

            await context.Response.WriteAsJsonAsync(
                new JsonObject { ["error"] = failure.Error, ["error_description"] = failure.Description }, context.RequestAborted);
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var expiresIn = (long)ExpiresIn.TotalSeconds;
        var token = _signer.Sign(new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = request.Subject ?? string.Empty,
            ["aud"] = Service,
            ["exp"] = now.ToUnixTimeSeconds() + expiresIn,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = RandomSecret(),
            ["access"] = _policy.Grant(request.Subject, scopes),
        });
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = expiresIn,
            ["issued_at"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (oauth)
        {
            body["token_type"] = "Bearer";
            body["scope"] = string.Join(' ', request.Scopes);
        }
        else
        {
            body["token"] = token;
        }

        if (offline && request.Subject is not null)
        {
            body["refresh_token"] = RefreshToken;
        }

        await context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    private static TokenRequest NewRequest(
        string method, string? grantType, StringValues service, StringValues scope, StringValues clientId, string? subject) =>
        new(
            DateTimeOffset.UtcNow,
            method,
            string.IsNullOrEmpty(grantType) ? null : grantType,
            StringValues.IsNullOrEmpty(service) ? null : service.ToString(),
            // Several scope parameters, or one holding space-separated scopes (OAuth2 style): both mean a list.
            [.. scope.SelectMany(s => (s ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))],
            subject,
            StringValues.IsNullOrEmpty(clientId) ? null : clientId.ToString(),
            0);

    private (string? Subject, TokenFailure? Failure) AuthenticateBasic(string header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return (null, null);
        }

        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || value.Parameter is null)
        {
            return (null, new TokenFailure(401, "invalid_client", "only Basic credentials are accepted"));
        }

        var buffer = new byte[value.Parameter.Length];
        if (!Convert.TryFromBase64String(value.Parameter, buffer, out var length))
        {
            return (null, new TokenFailure(401, "invalid_client", "malformed Basic credentials"));
        }

        var pair = Encoding.UTF8.GetString(buffer, 0, length);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (null, TokenFailure.BadCredentials) : Authenticate(pair[..colon], pair[(colon + 1)..]);
    }

    private (string? Subject, TokenFailure? Failure) Authenticate(string user, string password)
    {
        if (user == Credential.UserName && SecretEquals(password, Credential.Password))
        {
            return (user, null);
        }

        lock (_gate)
        {
            return _acceptedWhen.Any(accepts => accepts(user, password))
                ? (user, null)
                : (null, TokenFailure.BadCredentials);
        }
    }

    private void Record(TokenRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    private static bool SecretEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string RandomSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
