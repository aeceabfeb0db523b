using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>
/// The Azure Instance Metadata Service's managed identity endpoint on 127.0.0.1 (plain HTTP, as IMDS at
/// <see cref="Host"/>): <c>GET /metadata/identity/oauth2/token?api-version=…&amp;resource=…[&amp;client_id=…]</c> with the
/// header <c>Metadata: true</c>, answering the token JSON of IMDS (string-valued <c>expires_in</c>, <c>expires_on</c>)
/// with <see cref="EntraTokenIssuer"/> tokens for the system-assigned identity (<see cref="SystemAssignedClientId"/>)
/// or a user-assigned one (<see cref="AddUserAssignedIdentity"/>); errors as IMDS writes them
/// (<c>{error, error_description}</c>). Can be told to fail and records every request.
/// </summary>
public sealed class ImdsSimulator : IAsyncDisposable
{
    /// <summary>The link-local address of IMDS (route it to <see cref="Address"/> through a <c>RoutingProxy</c>).</summary>
    public const string Host = "169.254.169.254";

    private readonly WebApplication _app;
    private readonly EntraTokenIssuer _issuer;
    private readonly ConcurrentDictionary<string, byte> _userAssigned = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ImdsRequest> _requests = new();
    private long _lifetimeSeconds = 86399;

    private ImdsSimulator(WebApplication app, EntraTokenIssuer issuer)
    {
        _app = app;
        _issuer = issuer;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The tenant of the VM's identities.</summary>
    public string TenantId { get; set; } = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    /// <summary>The client id of the system-assigned identity; null when the VM has none.</summary>
    public string? SystemAssignedClientId { get; set; }

    /// <summary>When set, every token request gets this status and <c>{error, error_description}</c>.</summary>
    public (int Status, string Error, string Description)? Failure { get; set; }

    /// <summary>When true, every connection is dropped without an answer.</summary>
    public bool Abort { get; set; }

    /// <summary>Lifetime of the tokens issued from now on (default a day; negative issues expired tokens).</summary>
    public TimeSpan TokenLifetime
    {
        get => TimeSpan.FromSeconds(Interlocked.Read(ref _lifetimeSeconds));
        set => Interlocked.Exchange(ref _lifetimeSeconds, (long)value.TotalSeconds);
    }

    public IReadOnlyList<ImdsRequest> Requests => [.. _requests];

    public static async Task<ImdsSimulator> StartAsync(EntraTokenIssuer issuer, CancellationToken cancellationToken)
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var simulator = new ImdsSimulator(app, issuer);
        app.MapGet("/metadata/identity/oauth2/token", simulator.TokenAsync);
        app.MapFallback(simulator.NotFoundAsync);
        try
        {
            simulator.Address = await LoopbackWebApp.StartAsync(app, cancellationToken);
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Assigns a user-assigned managed identity to the VM.</summary>
    public void AddUserAssignedIdentity(string clientId) => _userAssigned[clientId] = 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task TokenAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string? Field(string name) => query[name] is { Count: > 0 } v && v.ToString().Length > 0 ? v.ToString() : null;
        var (apiVersion, resource, clientId) = (Field("api-version"), Field("resource"), Field("client_id"));
        var metadata = context.Request.Headers["Metadata"].ToString() == "true";
        if (Abort)
        {
            _requests.Enqueue(new ImdsRequest(context.Request.Path, metadata, apiVersion, resource, clientId, 0));
            context.Abort();
            return;
        }

        var identity = clientId ?? SystemAssignedClientId;
        var error = Failure
            ?? (!metadata ? (400, "invalid_request", "Required metadata header not specified")
            : apiVersion is null ? (400, "invalid_request", "Required query variable 'api-version' is missing")
            : resource is null ? (400, "invalid_request", "Required query variable 'resource' is missing")
            : identity is null || (clientId is not null && !_userAssigned.ContainsKey(clientId)) ? (400, "invalid_request", "Identity not found")
            : ((int Status, string Error, string Description)?)null);
        _requests.Enqueue(new ImdsRequest(context.Request.Path, metadata, apiVersion, resource, clientId, error?.Status ?? 200));
        if (error is { } e)
        {
            context.Response.StatusCode = e.Status;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = e.Error, ["error_description"] = e.Description }, context.RequestAborted);
            return;
        }

        var (token, expiresOn) = _issuer.Issue(TenantId, identity!, resource!, TokenLifetime);
        var now = DateTimeOffset.UtcNow;
        string Seconds(long value) => value.ToString(CultureInfo.InvariantCulture);
        var expiresIn = Seconds(Math.Max(0, (long)(expiresOn - now).TotalSeconds));
        await context.Response.WriteAsJsonAsync(
            new JsonObject
            {
                ["access_token"] = token,
                ["client_id"] = identity,
                ["expires_in"] = expiresIn,
                ["expires_on"] = Seconds(expiresOn.ToUnixTimeSeconds()),
                ["ext_expires_in"] = expiresIn,
                ["not_before"] = Seconds(now.AddMinutes(-5).ToUnixTimeSeconds()),
                ["resource"] = resource,
                ["token_type"] = "Bearer",
            },
            context.RequestAborted);
    }

    private Task NotFoundAsync(HttpContext context)
    {
        _requests.Enqueue(new ImdsRequest(context.Request.Path, context.Request.Headers["Metadata"].ToString() == "true", null, null, null, 404));
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
