using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OciSource.Testing.Tls;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>
/// ACR's token exchange, <c>POST /oauth2/exchange</c> (form <c>grant_type=access_token</c>, <c>service</c>,
/// <c>access_token</c>), over TLS on 127.0.0.1 with a certificate for <see cref="Registries"/> (reach it under those
/// names through a <c>RoutingProxy</c>). Accepts only access tokens <see cref="EntraTokenIssuer"/> issued, unexpired,
/// whose audience is <see cref="ExpectedAudience"/>, for a <c>service</c> equal to the registry asked for; answers
/// <c>{"refresh_token": …}</c>, a JWT with ACR's claims and <c>exp</c> <see cref="RefreshTokenLifetime"/> ahead, and
/// hands the credential it makes (null-GUID user, the refresh token) to <see cref="CredentialIssued"/> — the way a
/// test makes the registry fixture accept it. Errors as the registry API writes them (<c>{"errors":[{code, message}]}</c>).
/// Can be told to fail and records every request.
/// </summary>
public sealed class AcrExchangeSimulator : IAsyncDisposable
{
    /// <summary>The username ACR expects with a refresh token.</summary>
    public const string RefreshTokenUsername = "00000000-0000-0000-0000-000000000000";

    private readonly WebApplication _app;
    private readonly EntraTokenIssuer _issuer;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentQueue<AcrExchangeRequest> _requests = new();
    private long _lifetimeSeconds = 3 * 3600;
    private AcrRegistryForwarder? _forwarder;

    private AcrExchangeSimulator(WebApplication app, EntraTokenIssuer issuer, IReadOnlyList<string> registries)
    {
        _app = app;
        _issuer = issuer;
        Registries = registries;
    }

    /// <summary><c>https://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The registry host names served (<c>myregistry.azurecr.io</c>).</summary>
    public IReadOnlyList<string> Registries { get; }

    /// <summary>The <c>aud</c> the Entra access token must carry (the resource of scope <c>https://containerregistry.azure.net/.default</c>).</summary>
    public string ExpectedAudience { get; set; } = "https://containerregistry.azure.net";

    /// <summary>When set, every exchange gets this status and error.</summary>
    public (int Status, string Code, string Message)? Failure { get; set; }

    /// <summary>When set, every exchange is answered with this status and body verbatim (a malformed or oversized answer).</summary>
    public (int Status, string Body)? RawAnswer { get; set; }

    /// <summary>When true, every connection is dropped without an answer.</summary>
    public bool Abort { get; set; }

    /// <summary>Lifetime of the refresh tokens issued from now on (default 3 hours; negative issues expired ones).</summary>
    public TimeSpan RefreshTokenLifetime
    {
        get => TimeSpan.FromSeconds(Interlocked.Read(ref _lifetimeSeconds));
        set => Interlocked.Exchange(ref _lifetimeSeconds, (long)value.TotalSeconds);
    }

    /// <summary>Called with each credential issued, before the answer is sent.</summary>
    public Action<NetworkCredential>? CredentialIssued { get; set; }

    /// <summary>
    /// Serves the rest of the registry endpoint too (<see cref="AcrRegistryForwarder"/>): <c>/v2/</c> from
    /// <paramref name="registry"/> and <c>/oauth2/token</c> from its token realm, so a client that knows only the ACR
    /// host name pulls through this simulator.
    /// </summary>
    public void ServeRegistry(Uri registry, Uri tokenRealm)
    {
        _forwarder?.Dispose();
        _forwarder = new AcrRegistryForwarder(registry, tokenRealm);
    }

    public IReadOnlyList<AcrExchangeRequest> Requests => [.. _requests];

    public static async Task<AcrExchangeSimulator> StartAsync(
        TestCertificateAuthority authority, EntraTokenIssuer issuer, IReadOnlyList<string> registries, CancellationToken cancellationToken)
    {
        var app = SimulatorHost.CreateTlsBuilder(SimulatorCertificate.Issue(authority, registries)).Build();
        var simulator = new AcrExchangeSimulator(app, issuer, registries);
        app.MapPost("/oauth2/exchange", simulator.ExchangeAsync);
        app.MapFallback(context => simulator._forwarder is { } forwarder ? forwarder.ForwardAsync(context) : simulator.NotFoundAsync(context));
        try
        {
            simulator.Address = await SimulatorHost.StartAsync(app, cancellationToken);
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _forwarder?.Dispose();
    }

    private async Task ExchangeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        var apiVersion = context.Request.Query["api-version"].ToString();
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        string? Field(string name) => form[name] is { Count: > 0 } v && v.ToString().Length > 0 ? v.ToString() : null;
        var (grantType, service, accessToken) = (Field("grant_type"), Field("service"), Field("access_token"));
        if (Abort)
        {
            _requests.Enqueue(new AcrExchangeRequest(host, context.Request.Path, apiVersion, grantType, service, accessToken is not null, 0));
            context.Abort();
            return;
        }

        if (RawAnswer is { } raw)
        {
            _requests.Enqueue(new AcrExchangeRequest(host, context.Request.Path, apiVersion, grantType, service, accessToken is not null, raw.Status));
            context.Response.StatusCode = raw.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(raw.Body, context.RequestAborted);
            return;
        }

        var tokenCheck = accessToken is null ? (null, "access_token is required") : _issuer.Validate(accessToken);
        var error = Failure
            ?? (!Registries.Contains(host) ? (404, "NAME_UNKNOWN", $"registry {host} not found")
            : grantType != "access_token" ? (400, "UNSUPPORTED", $"grant_type '{grantType}' is not supported")
            : service != host ? (400, "DENIED", $"service '{service}' does not match the registry {host}")
            : tokenCheck.Failure is { } failure ? (401, "UNAUTHORIZED", failure)
            : TestJwt.Text(tokenCheck.Claims!, "aud") != ExpectedAudience ? (401, "UNAUTHORIZED", $"the access token audience '{TestJwt.Text(tokenCheck.Claims!, "aud")}' is not valid for the registry")
            : ((int Status, string Code, string Message)?)null);
        _requests.Enqueue(new AcrExchangeRequest(host, context.Request.Path, apiVersion, grantType, service, accessToken is not null, error?.Status ?? 200));
        if (error is { } e)
        {
            context.Response.StatusCode = e.Status;
            await context.Response.WriteAsJsonAsync(
                new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = e.Code, ["message"] = e.Message }) }, context.RequestAborted);
            return;
        }

        var refreshToken = IssueRefreshToken(host, tokenCheck.Claims!);
        CredentialIssued?.Invoke(new NetworkCredential(RefreshTokenUsername, refreshToken));
        await context.Response.WriteAsJsonAsync(new JsonObject { ["refresh_token"] = refreshToken }, context.RequestAborted);
    }

    private string IssueRefreshToken(string registry, JsonObject entraClaims)
    {
        var now = DateTimeOffset.UtcNow;
        return TestJwt.Sign(
            new JsonObject
            {
                ["jti"] = Guid.NewGuid().ToString(),
                ["sub"] = TestJwt.Text(entraClaims, "oid"),
                ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
                ["exp"] = (now + RefreshTokenLifetime).ToUnixTimeSeconds(),
                ["iat"] = now.ToUnixTimeSeconds(),
                ["iss"] = "Azure Container Registry",
                ["aud"] = registry,
                ["version"] = "1.0",
                ["grant_type"] = "refresh_token",
                ["tenant"] = TestJwt.Text(entraClaims, "tid"),
                ["permissions"] = new JsonObject { ["actions"] = new JsonArray("read"), ["notActions"] = new JsonArray() },
                ["roles"] = new JsonArray(),
            },
            _key);
    }

    private Task NotFoundAsync(HttpContext context)
    {
        _requests.Enqueue(new AcrExchangeRequest(context.Request.Host.Host, context.Request.Path, null, null, null, false, 404));
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
