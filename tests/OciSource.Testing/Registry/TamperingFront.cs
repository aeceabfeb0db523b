using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace OciSource.Testing.Registry;

/// <summary>
/// A plain-HTTP proxy on 127.0.0.1 in front of a real registry that misbehaves on request. Every request is forwarded
/// unchanged and streamed (all headers both ways, <c>Authorization</c> included) unless an armed
/// <see cref="FaultRule"/> matches it; the first matching armed rule (in the order added) applies its
/// <see cref="Fault"/>. A second listener, the redirect target (<c>localhost</c>, another port), serves the requests
/// that <see cref="Fault.RedirectToOtherHost"/> sends there: like a pre-signed storage URL, the <c>Location</c>
/// carries a ticket under which the front kept the original request's <c>Authorization</c>, which the target sends
/// to the registry in place of whatever the client sent to it; it works with every <see cref="RegistryAuth"/> mode.
/// <see cref="Requests"/> logs both listeners.
/// </summary>
/// <example>
/// <code>
/// await using var front = await TamperingFront.StartAsync(fixture.Server, ct);
/// var rule = front.AddFault(HttpMethod.Get, "/blobs/sha256:", Fault.ResetAfter(1024), times: 2);
/// // point the client at front.Host instead of the registry's; after two resets, blob reads pass through.
/// </code>
/// </example>
public sealed class TamperingFront : IAsyncDisposable
{
    private const string RedirectPrefix = "/redirected/";
    private static readonly ForwarderRequestConfig ForwarderConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(10) };

    private readonly WebApplication _front;
    private readonly WebApplication _target;
    private readonly HttpMessageInvoker _upstreamInvoker;
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private readonly List<FrontRequest> _requests = [];
    private readonly ConcurrentDictionary<string, string> _tickets = new(StringComparer.Ordinal);

    private TamperingFront(Uri upstream, WebApplication front, WebApplication target, SocketsHttpHandler upstreamHandler)
    {
        Upstream = upstream;
        _front = front;
        _target = target;
        _upstreamInvoker = new HttpMessageInvoker(upstreamHandler, disposeHandler: true);
    }

    /// <summary>The registry the front forwards to.</summary>
    public Uri Upstream { get; }

    /// <summary>Where clients connect, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>, the registry part of a reference through the front.</summary>
    public string Host => BaseAddress.Authority;

    /// <summary>The redirect target, <c>http://localhost:&lt;other port&gt;/</c>: another host name than <see cref="Host"/>.</summary>
    public Uri RedirectTargetAddress { get; private set; } = null!;

    /// <summary><c>localhost:&lt;other port&gt;</c>.</summary>
    public string RedirectTargetHost => RedirectTargetAddress.Authority;

    /// <summary>A snapshot of the requests answered by the front and the redirect target, in the order their status was decided.</summary>
    public IReadOnlyList<FrontRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a front for <paramref name="registry"/>, trusting its CA when it uses TLS.</summary>
    public static Task<TamperingFront> StartAsync(RegistryServer registry, CancellationToken cancellationToken) =>
        StartAsync(registry.BaseAddress, registry.CreateHandler(), cancellationToken);

    /// <summary>Starts a front for a plain-HTTP (or publicly trusted) upstream.</summary>
    public static Task<TamperingFront> StartAsync(Uri upstream, CancellationToken cancellationToken) =>
        StartAsync(upstream, new SocketsHttpHandler(), cancellationToken);

    /// <summary>Starts a front for <paramref name="upstream"/>, reached through <paramref name="upstreamHandler"/>, which the front owns.</summary>
    public static async Task<TamperingFront> StartAsync(Uri upstream, SocketsHttpHandler upstreamHandler, CancellationToken cancellationToken)
    {
        // The settings YARP recommends for a forwarding handler.
        upstreamHandler.UseProxy = false;
        upstreamHandler.AllowAutoRedirect = false;
        upstreamHandler.AutomaticDecompression = DecompressionMethods.None;
        upstreamHandler.UseCookies = false;

        var front = new TamperingFront(upstream, CreateApp(), CreateApp(), upstreamHandler);
        front._front.Map("/{**path}", front.HandleFrontAsync);
        front._target.Map("/{**path}", front.HandleTargetAsync);
        try
        {
            front.BaseAddress = await LoopbackWebApp.StartAsync(front._front, cancellationToken);
            var target = await LoopbackWebApp.StartAsync(front._target, cancellationToken);
            front.RedirectTargetAddress = new Uri($"http://localhost:{target.Port}/");
            return front;
        }
        catch
        {
            await front.DisposeAsync();
            throw;
        }
    }

    /// <summary>Arms <paramref name="fault"/> for the first <paramref name="times"/> matching requests.</summary>
    /// <param name="method">The request method to match.</param>
    /// <param name="pathPattern">A regular expression searched in the request's path and query, e.g. <c>"/blobs/"</c>.</param>
    /// <param name="fault">What to do.</param>
    /// <param name="times">How many requests to tamper with before passing through.</param>
    /// <returns>The rule, whose <see cref="FaultRule.Applied"/> counts its uses.</returns>
    public FaultRule AddFault(HttpMethod method, string pathPattern, Fault fault, int times = 1)
    {
        var rule = new FaultRule(method, pathPattern, fault, times);
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>A client for the front (no credentials, redirects not followed, 30 s timeout).</summary>
    public HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await _front.StopAsync(CancellationToken.None);
        await _target.StopAsync(CancellationToken.None);
        await _front.DisposeAsync();
        await _target.DisposeAsync();
        _upstreamInvoker.Dispose();
    }

    private static WebApplication CreateApp()
    {
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Services.AddHttpForwarder();
        return builder.Build();
    }

    private async Task HandleFrontAsync(HttpContext context)
    {
        var request = context.Request;
        var rule = FindRule(request.Method, request.Path + request.QueryString, request.Headers.Range.Count > 0);
        if (rule?.Fault.Kind is FaultKind.Respond or FaultKind.Redirect && rule.TryConsume())
        {
            await AnswerAsync(context, rule.Fault);
            return;
        }

        if (rule?.Fault.Kind == FaultKind.PaginateTags)
        {
            await TagListPager.AnswerAsync(context, _upstreamInvoker, Upstream, rule, (status, fault) => Record(context, atTarget: false, status, fault));
            return;
        }

        var ignoreRange = rule?.Fault.Kind == FaultKind.IgnoreRange && rule.TryConsume();
        (FaultRule, FaultyBodyStream)? bodyFault = null;
        if (rule is { Fault.ActsOnBody: true })
        {
            var body = new FaultyBodyStream(context.Response.Body, context);
            context.Response.Body = body;
            bodyFault = (rule, body);
        }

        await ForwardAsync(context, new FrontTransformer
        {
            OnResponse = (status, fault) => Record(context, atTarget: false, status, fault),
            IgnoreRange = ignoreRange,
            BodyFault = bodyFault,
        });
    }

    private async Task HandleTargetAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var slash = path.StartsWith(RedirectPrefix, StringComparison.Ordinal) ? path.IndexOf('/', RedirectPrefix.Length) : -1;
        if (slash < 0 || !_tickets.TryGetValue(path[RedirectPrefix.Length..slash], out var authorization))
        {
            Record(context, atTarget: true, StatusCodes.Status404NotFound, fault: null);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await ForwardAsync(context, new FrontTransformer
        {
            OnResponse = (status, fault) => Record(context, atTarget: true, status, fault),
            UpstreamPath = new PathString(path[slash..]),
            UpstreamAuthorization = authorization.Length == 0 ? null : authorization,
        });
    }

    private async Task ForwardAsync(HttpContext context, FrontTransformer transformer)
    {
        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        await forwarder.SendAsync(context, Upstream.ToString(), _upstreamInvoker, ForwarderConfig, transformer);
        // Without an upstream answer (connection refused, client gone) the forwarder chose the status itself.
        transformer.Report(context.Response.StatusCode, fault: null);
    }

    /// <summary>The first armed rule that matches and can act on this request.</summary>
    private FaultRule? FindRule(string method, string pathAndQuery, bool hasRange)
    {
        lock (_gate)
        {
            return _rules.FirstOrDefault(rule =>
                rule.Matches(method, pathAndQuery)
                && (rule.Fault.Kind != FaultKind.IgnoreRange || hasRange)
                && (rule.Fault.Kind != FaultKind.PaginateTags || (HttpMethods.IsGet(method) && pathAndQuery.Split('?')[0].EndsWith("/tags/list", StringComparison.Ordinal)))
                && (!rule.Fault.ActsOnBody || !HttpMethods.IsHead(method)));
        }
    }

    private async Task AnswerAsync(HttpContext context, Fault fault)
    {
        var response = context.Response;
        if (fault.Kind == FaultKind.Redirect)
        {
            var ticket = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            _tickets[ticket] = context.Request.Headers.Authorization.ToString();
            Record(context, atTarget: false, StatusCodes.Status307TemporaryRedirect, FaultKind.Redirect);
            response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            response.Headers.Location = new Uri(RedirectTargetAddress, $"{RedirectPrefix}{ticket}{context.Request.Path}{context.Request.QueryString}").ToString();
            return;
        }

        Record(context, atTarget: false, (int)fault.Status, FaultKind.Respond);
        response.StatusCode = (int)fault.Status;
        if (fault.RetryAfter is not null)
        {
            response.Headers.RetryAfter = fault.RetryAfter;
        }

        var code = fault.Status switch
        {
            HttpStatusCode.TooManyRequests => "TOOMANYREQUESTS",
            HttpStatusCode.ServiceUnavailable => "UNAVAILABLE",
            _ => "UNKNOWN",
        };
        await response.WriteAsJsonAsync(
            new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = $"injected by the tampering front: {fault}" }) },
            context.RequestAborted);
    }

    private void Record(HttpContext context, bool atTarget, int status, FaultKind? fault)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = name.Equals(HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase)
                ? values.ToString().Split(' ')[0] + " (redacted)"
                : values.ToString();
        }

        var entry = new FrontRequest(
            DateTimeOffset.UtcNow,
            atTarget,
            request.Method,
            request.Path + request.QueryString,
            request.Headers.Range.Count > 0 ? request.Headers.Range.ToString() : null,
            request.Headers.Authorization.Count > 0,
            status,
            fault,
            headers);
        lock (_gate)
        {
            _requests.Add(entry);
        }
    }
}
