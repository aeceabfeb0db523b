using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OciSource.Testing.Tls;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>
/// The Microsoft identity platform (Entra ID) as MSAL reaches it, over TLS on 127.0.0.1 with a certificate for
/// <see cref="HostNames"/> (reach it under those names through a <c>RoutingProxy</c>):
/// <c>POST /{tenant}/oauth2/v2.0/token</c> with <c>grant_type=client_credentials</c>, a <c>scope</c> ending in
/// <c>/.default</c>, and either a <c>client_assertion</c> (<c>client_assertion_type</c> jwt-bearer) that must be the
/// projected ServiceAccount token registered with <see cref="AddWorkloadIdentity"/> — its <c>exp</c>, <c>iss</c>,
/// <c>sub</c> and <c>aud</c> (<c>api://AzureADTokenExchange</c>) checked as a federated identity credential — or a
/// <c>client_secret</c> (<see cref="AddClientSecret"/>). Answers with <see cref="EntraTokenIssuer"/> access tokens or
/// Entra's JSON errors (<c>AADSTS</c> codes). Also serves the instance discovery and OpenID configuration documents.
/// Can be told to fail (<see cref="Failure"/>, <see cref="Abort"/>) and records every request.
/// </summary>
public sealed class EntraSimulator : IAsyncDisposable
{
    /// <summary>The audience a federated identity credential requires of the assertion.</summary>
    public const string AssertionAudience = "api://AzureADTokenExchange";

    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private readonly WebApplication _app;
    private readonly EntraTokenIssuer _issuer;
    private readonly ConcurrentDictionary<(string Tenant, string Client), (string? Assertion, string? Secret)> _applications = new();
    private readonly ConcurrentDictionary<(string Tenant, string Client), (string Subject, Func<string, bool> Verify)> _federated = new();
    private readonly ConcurrentQueue<EntraTokenRequest> _requests = new();
    private long _lifetimeSeconds = 3600;

    private EntraSimulator(WebApplication app, EntraTokenIssuer issuer, IReadOnlyList<string> hostNames)
    {
        _app = app;
        _issuer = issuer;
        HostNames = hostNames;
    }

    /// <summary><c>https://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The host names the certificate is valid for.</summary>
    public IReadOnlyList<string> HostNames { get; }

    /// <summary>When set, every token request is answered with this error.</summary>
    public EntraError? Failure { get; set; }

    /// <summary>When true, every request's connection is dropped without an answer (the endpoint is down).</summary>
    public bool Abort { get; set; }

    /// <summary>Lifetime of the access tokens issued from now on (default an hour; negative issues expired tokens).</summary>
    public TimeSpan AccessTokenLifetime
    {
        get => TimeSpan.FromSeconds(Interlocked.Read(ref _lifetimeSeconds));
        set => Interlocked.Exchange(ref _lifetimeSeconds, (long)value.TotalSeconds);
    }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<EntraTokenRequest> Requests => [.. _requests];

    /// <summary>The token requests so far.</summary>
    public IReadOnlyList<EntraTokenRequest> TokenRequests => [.. _requests.Where(r => r.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))];

    /// <summary>Starts a simulator whose certificate from <paramref name="authority"/> names <paramref name="hostNames"/>.</summary>
    public static async Task<EntraSimulator> StartAsync(
        TestCertificateAuthority authority, EntraTokenIssuer issuer, IReadOnlyList<string> hostNames, CancellationToken cancellationToken)
    {
        var app = SimulatorHost.CreateTlsBuilder(SimulatorCertificate.Issue(authority, hostNames)).Build();
        var simulator = new EntraSimulator(app, issuer, hostNames);
        app.MapPost("/{tenant}/oauth2/v2.0/token", simulator.TokenAsync);
        app.MapGet("/common/discovery/instance", simulator.InstanceDiscoveryAsync);
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", simulator.OpenIdConfigurationAsync);
        app.MapFallback(simulator.NotFoundAsync);
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

    /// <summary>
    /// An application in <paramref name="tenantId"/> with a federated identity credential that accepts
    /// <paramref name="projectedToken"/>: its issuer and subject, audience <see cref="AssertionAudience"/>.
    /// </summary>
    public void AddWorkloadIdentity(string tenantId, string clientId, string projectedToken) =>
        _applications.AddOrUpdate((tenantId, clientId), (projectedToken, null), (_, old) => (projectedToken, old.Secret));

    /// <summary>
    /// An application in <paramref name="tenantId"/> with a federated identity credential for the Kubernetes
    /// <paramref name="subject"/> (<c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>) of a cluster issuer that
    /// <paramref name="verify"/> stands for: an assertion it verifies (signature, audience
    /// <see cref="AssertionAudience"/>, expiry) with that subject is accepted, as Entra accepts tokens it checks against
    /// the issuer's published keys.
    /// </summary>
    public void AddFederatedCredential(string tenantId, string clientId, string subject, Func<string, bool> verify)
    {
        _applications.TryAdd((tenantId, clientId), (null, null));
        _federated[(tenantId, clientId)] = (subject, verify);
    }

    /// <summary>An application in <paramref name="tenantId"/> with a client secret.</summary>
    public void AddClientSecret(string tenantId, string clientId, string secret) =>
        _applications.AddOrUpdate((tenantId, clientId), (null, secret), (_, old) => (old.Assertion, secret));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task TokenAsync(HttpContext context, string tenant)
    {
        var host = context.Request.Host.Host;
        if (Abort)
        {
            Record(new EntraTokenRequest(host, context.Request.Path, tenant, null, null, null, null, false, false, 0, 0));
            context.Abort();
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        string? Field(string name) => form[name] is { Count: > 0 } v && v.ToString().Length > 0 ? v.ToString() : null;
        var (grantType, clientId, scope) = (Field("grant_type"), Field("client_id"), Field("scope"));
        var (assertionType, assertion, secret) = (Field("client_assertion_type"), Field("client_assertion"), Field("client_secret"));
        var error = Failure ?? Check(tenant, grantType, clientId, scope, assertionType, assertion, secret);
        Record(new EntraTokenRequest(
            host, context.Request.Path, tenant, grantType, clientId, scope, assertionType, assertion is not null, secret is not null, error?.Status ?? 200, error?.Code ?? 0));
        if (error is not null)
        {
            await error.WriteAsync(context, host);
            return;
        }

        var resource = scope![..^"/.default".Length];
        var (token, expiresOn) = _issuer.Issue(tenant, clientId!, resource, AccessTokenLifetime);
        var expiresIn = Math.Max(0, (long)(expiresOn - DateTimeOffset.UtcNow).TotalSeconds);
        await context.Response.WriteAsJsonAsync(
            new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = expiresIn, ["ext_expires_in"] = expiresIn, ["access_token"] = token },
            context.RequestAborted);
    }

    private EntraError? Check(string tenant, string? grantType, string? clientId, string? scope, string? assertionType, string? assertion, string? secret)
    {
        if (grantType != "client_credentials")
        {
            return new EntraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        }

        if (!_applications.Keys.Any(k => k.Tenant == tenant))
        {
            return new EntraError(400, "invalid_request", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }

        if (clientId is null || !_applications.TryGetValue((tenant, clientId), out var application))
        {
            return new EntraError(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{tenant}'.");
        }

        if (scope is null || !scope.EndsWith("/.default", StringComparison.Ordinal) || scope.Contains(' ', StringComparison.Ordinal))
        {
            return new EntraError(400, "invalid_scope", 1002012, $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        }

        if (assertion is not null && assertionType == JwtBearer && _federated.TryGetValue((tenant, clientId), out var federated))
        {
            var claims = TestJwt.ReadClaims(assertion);
            return claims is null || !federated.Verify(assertion) ? new EntraError(401, "invalid_client", 700027, "Client assertion failed signature validation.")
                : TestJwt.Text(claims, "sub") != federated.Subject ? NoMatch(700213, "subject", TestJwt.Text(claims, "sub"))
                : null;
        }

        if (assertion is not null)
        {
            return assertionType == JwtBearer
                ? CheckAssertion(clientId, assertion, application.Assertion)
                : new EntraError(400, "invalid_request", 90014, "The required field 'client_assertion_type' is missing from the credential.");
        }

        if (secret is not null)
        {
            return application.Secret is not null && SecretEquals(secret, application.Secret)
                ? null
                : new EntraError(401, "invalid_client", 7000215, $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");
        }

        return new EntraError(400, "invalid_request", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }

    private static EntraError? CheckAssertion(string clientId, string assertion, string? registered)
    {
        var claims = TestJwt.ReadClaims(assertion);
        if (claims is null)
        {
            return new EntraError(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
        }

        var now = DateTimeOffset.UtcNow;
        if (TestJwt.Time(claims, "exp") is not { } exp || exp <= now)
        {
            var expiry = TestJwt.Time(claims, "exp")?.ToString("O", CultureInfo.InvariantCulture) ?? "(none)";
            return new EntraError(401, "invalid_client", 700024, $"Client assertion is not within its valid time range. Current time: {now:O}, expiry time of assertion {expiry}.");
        }

        var expected = registered is null ? null : TestJwt.ReadClaims(registered);
        if (expected is null)
        {
            return new EntraError(401, "invalid_client", 70021, $"No matching federated identity record found for presented assertion. Application '{clientId}' has no federated identity credentials.");
        }

        var audiences = claims["aud"] is JsonArray array ? array.Select(a => a?.GetValue<string>()).ToList() : [TestJwt.Text(claims, "aud")];
        if (TestJwt.Text(claims, "iss") != TestJwt.Text(expected, "iss"))
        {
            return NoMatch(700211, "issuer", TestJwt.Text(claims, "iss"));
        }

        if (!audiences.Contains(AssertionAudience))
        {
            return NoMatch(700212, "audience", string.Join(",", audiences));
        }

        if (TestJwt.Text(claims, "sub") != TestJwt.Text(expected, "sub"))
        {
            return NoMatch(700213, "subject", TestJwt.Text(claims, "sub"));
        }

        // Same claims but not the token the test registered: a signature the issuer's keys do not verify.
        return SecretEquals(assertion, registered!) ? null : new EntraError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
    }

    private static EntraError NoMatch(int code, string what, string? value) =>
        new(400, "invalid_client", code, $"No matching federated identity record found for presented assertion {what} '{value}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.");

    private Task InstanceDiscoveryAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        Record(new EntraTokenRequest(host, context.Request.Path, null, null, null, null, null, false, false, 200, 0));
        var authorization = Uri.TryCreate(context.Request.Query["authorization_endpoint"].ToString(), UriKind.Absolute, out var endpoint) ? endpoint : null;
        var authority = authorization?.Host ?? host;
        var tenant = authorization?.Segments.Skip(1).FirstOrDefault()?.TrimEnd('/') ?? "common";
        return context.Response.WriteAsJsonAsync(
            new JsonObject
            {
                ["tenant_discovery_endpoint"] = $"https://{authority}/{tenant}/v2.0/.well-known/openid-configuration",
                ["api-version"] = "1.1",
                ["metadata"] = new JsonArray(new JsonObject
                {
                    ["preferred_network"] = authority,
                    ["preferred_cache"] = authority,
                    ["aliases"] = new JsonArray(authority),
                }),
            },
            context.RequestAborted);
    }

    private Task OpenIdConfigurationAsync(HttpContext context, string tenant)
    {
        var host = context.Request.Host.Host;
        Record(new EntraTokenRequest(host, context.Request.Path, tenant, null, null, null, null, false, false, 200, 0));
        var issuer = $"https://{host}/{tenant}/v2.0";
        return context.Response.WriteAsJsonAsync(
            new JsonObject
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = $"https://{host}/{tenant}/oauth2/v2.0/authorize",
                ["token_endpoint"] = $"https://{host}/{tenant}/oauth2/v2.0/token",
                ["jwks_uri"] = $"https://{host}/{tenant}/discovery/v2.0/keys",
                ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
                ["tenant_region_scope"] = "WW",
                ["cloud_instance_name"] = "microsoftonline.com",
            },
            context.RequestAborted);
    }

    private Task NotFoundAsync(HttpContext context)
    {
        Record(new EntraTokenRequest(context.Request.Host.Host, context.Request.Path, null, null, null, null, null, false, false, 404, 0));
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private void Record(EntraTokenRequest request) => _requests.Enqueue(request);

    private static bool SecretEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
