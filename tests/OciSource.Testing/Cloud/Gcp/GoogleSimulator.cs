using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Cloud.Gcp;

/// <summary>
/// The common part of the Google endpoint simulators: a Kestrel app on a loopback port that records every request, issues
/// random tokens (remembered in <see cref="IssuedTokens"/>), and can be told to fail: <see cref="FailWith"/> (an error
/// answer in the service's own format), <see cref="IssueExpiredTokens"/>, <see cref="SendOversizedAnswers"/>, <see cref="FixedAnswer"/>, or <see cref="StopAsync"/> (down).
/// </summary>
public abstract class GoogleSimulator : IAsyncDisposable
{
    private const int MaxBodyBytes = 64 * 1024;
    private readonly ConcurrentQueue<GoogleSimulatorRequest> _requests = new();
    private readonly ConcurrentDictionary<string, byte> _issued = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private volatile Failure? _failure;

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>, once started.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<GoogleSimulatorRequest> Requests => [.. _requests];

    /// <summary>Every token this simulator issued.</summary>
    public IReadOnlyCollection<string> IssuedTokens => [.. _issued.Keys];

    /// <summary>Issued tokens expire at once (<c>expires_in</c> 0, or an <c>expireTime</c> of now).</summary>
    public bool IssueExpiredTokens { get; set; }

    /// <summary>Answers every request with a 200 JSON body of about 1 MiB (a misbehaving endpoint).</summary>
    public bool SendOversizedAnswers { get; set; }

    /// <summary>Answers every request with a 200 and this body (a malformed answer), until set to null.</summary>
    public string? FixedAnswer { get; set; }

    /// <summary>The lifetime of an issued token when <see cref="IssueExpiredTokens"/> is false.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Answers every request with <paramref name="status"/> and <paramref name="message"/> in the service's error format, until <see cref="Heal"/>.</summary>
    public void FailWith(HttpStatusCode status, string message) => _failure = new Failure(status, message);

    public void Heal() => _failure = null;

    public bool Issued(string token) => _issued.ContainsKey(token);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        app.Run(ServeAsync);
        Address = await LoopbackWebApp.StartAsync(app, cancellationToken);
        _app = app;
    }

    /// <summary>Stops listening: the endpoint is down (connections are refused).</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Handles a request that passed the failure switch.</summary>
    protected abstract Task HandleAsync(HttpContext context, GoogleSimulatorRequest request);

    /// <summary>Writes an error answer in the service's own format.</summary>
    protected abstract Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string message);

    /// <summary>A new random token starting with <paramref name="prefix"/>, remembered as issued.</summary>
    protected string IssueToken(string prefix)
    {
        var token = prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _issued[token] = 0;
        return token;
    }

    /// <summary>The lifetime to announce for a token issued now.</summary>
    protected TimeSpan AnnouncedLifetime => IssueExpiredTokens ? TimeSpan.Zero : TokenLifetime;

    private async Task ServeAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        if (_failure is { } failure)
        {
            await WriteErrorAsync(context, failure.Status, failure.Message);
            return;
        }

        if (SendOversizedAnswers)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"access_token\":\"{IssueToken("oversized-")}\",\"expires_in\":3600,\"padding\":\"{new string('a', 1024 * 1024)}\"}}");
            return;
        }

        if (FixedAnswer is { } answer)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
            return;
        }

        await HandleAsync(context, request);
    }

    private async Task<GoogleSimulatorRequest> RecordAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0 && body.Length < MaxBodyBytes)
        {
            body.Write(buffer, 0, read);
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var request = new GoogleSimulatorRequest(
            context.Request.Method, context.Request.Path + context.Request.QueryString, headers, Encoding.UTF8.GetString(body.ToArray()));
        _requests.Enqueue(request);
        return request;
    }

    private sealed record Failure(HttpStatusCode Status, string Message);
}
