using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace OciSource.Testing.Kube;

/// <summary>
/// The one test double: a plain-HTTP front on 127.0.0.1 for apiextensions-apiserver, which serves no core group.
/// It answers <c>/api/v1/…/secrets</c> and <c>/api/v1/…/serviceaccounts</c> by rewriting them onto CRDs of
/// <see cref="StorageGroup"/> in the same API server (so storage, resourceVersions, conflicts and watches are the real
/// server's), serves the root discovery documents kubectl needs (<c>/api</c>, <c>/api/v1</c>, <c>/apis</c>), and
/// forwards every other request unchanged, streaming, with the front's own client certificate.
/// </summary>
public sealed class CoreApiFront : IAsyncDisposable
{
    /// <summary>The API group of the CRDs that store the front's core objects.</summary>
    public const string StorageGroup = "corefront.ocisource.test";

    private const long MaxBodyBytes = 8 * 1024 * 1024;

    private static readonly Dictionary<string, string> CoreKinds = new(StringComparer.Ordinal)
    {
        ["secrets"] = "Secret",
        ["serviceaccounts"] = "ServiceAccount",
    };

    /// <summary>The identity the front's 403 answers name (the controller's service account, as in a cluster).</summary>
    public const string ForbiddenUser = "system:serviceaccount:flux-system:source-controller";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Resource, string Namespace, string Name), bool> _forbidden = new();
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _upstreamInvoker;
    private readonly HttpClient _upstreamClient;
    private readonly Uri _upstream;

    private CoreApiFront(WebApplication app, Uri upstream, SocketsHttpHandler upstreamHandler)
    {
        _app = app;
        _upstream = upstream;
        _upstreamInvoker = new HttpMessageInvoker(upstreamHandler, disposeHandler: true);
        _upstreamClient = new HttpClient(upstreamHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Where clients connect, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts the front on a free loopback port.</summary>
    /// <param name="upstream">The API server's base address.</param>
    /// <param name="upstreamHandler">Trusts the API server and presents an authorized client certificate; owned by the front.</param>
    public static async Task<CoreApiFront> StartAsync(Uri upstream, SocketsHttpHandler upstreamHandler, CancellationToken cancellationToken)
    {
        // The settings YARP recommends for a forwarding handler.
        upstreamHandler.UseProxy = false;
        upstreamHandler.AllowAutoRedirect = false;
        upstreamHandler.AutomaticDecompression = DecompressionMethods.None;
        upstreamHandler.UseCookies = false;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var front = new CoreApiFront(app, upstream, upstreamHandler);

        app.MapGet("/api", front.ApiVersions);
        app.MapGet("/api/v1", CoreResourceList);
        app.MapGet("/apis", front.GroupListAsync);
        app.MapPost("/api/v1/namespaces/{ns}/serviceaccounts/{name}/token", front.IssueTokenAsync);
        app.Map("/api/v1/{**path}", front.ProxyCoreAsync);
        app.Map("/{**path}", front.ForwardAsync);

        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        front.Address = new Uri(addresses.Addresses.Single());
        return front;
    }

    /// <summary>
    /// From now on every request for the object <paramref name="name"/> of <paramref name="resource"/> in
    /// <paramref name="namespace"/> is answered 403 with the Status body the API server's RBAC authorizer sends.
    /// </summary>
    public void Forbid(string resource, string @namespace, string name) => _forbidden[(resource, @namespace, name)] = true;

    /// <summary>Issues ServiceAccount tokens for the TokenRequest API (<c>serviceaccounts/token</c>; forbid it with <see cref="Forbid"/>).</summary>
    public ServiceAccountTokenIssuer ServiceAccountTokens { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _upstreamClient.Dispose();
        _upstreamInvoker.Dispose();
    }

    private IResult ApiVersions(HttpContext context) => Json(new JsonObject
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
        {
            ["clientCIDR"] = "0.0.0.0/0",
            ["serverAddress"] = context.Request.Host.Value,
        }),
    });

    private static IResult CoreResourceList()
    {
        var resources = new JsonArray();
        foreach (var (plural, kind) in CoreKinds)
        {
            resources.Add(new JsonObject
            {
                ["name"] = plural,
                ["singularName"] = kind.ToLowerInvariant(),
                ["namespaced"] = true,
                ["kind"] = kind,
                ["verbs"] = new JsonArray("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
            });
        }

        return Json(new JsonObject { ["kind"] = "APIResourceList", ["groupVersion"] = "v1", ["resources"] = resources });
    }

    /// <summary>An APIGroupList built from the installed CRDs (the API server itself answers 404 here).</summary>
    private async Task<IResult> GroupListAsync(CancellationToken cancellationToken)
    {
        var crds = await _upstreamClient.GetStringAsync(new Uri(_upstream, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"), cancellationToken);
        var groups = new SortedDictionary<string, (List<string> Versions, string? Preferred)>(StringComparer.Ordinal)
        {
            ["apiextensions.k8s.io"] = (["v1"], "v1"),
        };
        foreach (var crd in JsonNode.Parse(crds)?["items"]?.AsArray() ?? [])
        {
            var group = crd?["spec"]?["group"]?.GetValue<string>();
            if (group is null || group == StorageGroup)
            {
                continue;
            }

            var entry = groups.TryGetValue(group, out var existing) ? existing : ([], null);
            foreach (var version in crd!["spec"]?["versions"]?.AsArray() ?? [])
            {
                var name = version?["name"]?.GetValue<string>();
                if (name is null || version?["served"]?.GetValue<bool>() != true || entry.Versions.Contains(name))
                {
                    continue;
                }

                entry.Versions.Add(name);
                if (version["storage"]?.GetValue<bool>() == true)
                {
                    entry.Preferred = name;
                }
            }

            groups[group] = entry;
        }

        var list = new JsonArray();
        foreach (var (group, (versions, preferred)) in groups)
        {
            JsonObject GroupVersion(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
            var versionArray = new JsonArray();
            versions.ForEach(v => versionArray.Add(GroupVersion(v)));
            list.Add(new JsonObject
            {
                ["name"] = group,
                ["versions"] = versionArray,
                ["preferredVersion"] = GroupVersion(preferred ?? versions[0]),
            });
        }

        return Json(new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = list });
    }

    private async Task ProxyCoreAsync(HttpContext context, string? path)
    {
        var segments = (path ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments switch
        {
            [var r] => r,
            ["namespaces", _, var r] => r,
            ["namespaces", _, var r, _] => r,
            _ => null,
        };
        if (resource is null || !CoreKinds.TryGetValue(resource, out var kind))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(
                new JsonObject
                {
                    ["kind"] = "Status",
                    ["apiVersion"] = "v1",
                    ["status"] = "Failure",
                    ["reason"] = "NotFound",
                    ["code"] = 404,
                    ["message"] = $"the test front serves only {string.Join(" and ", CoreKinds.Keys)} in /api/v1, not /api/v1/{path}",
                },
                context.RequestAborted);
            return;
        }

        if (segments is ["namespaces", var ns, _, var objectName] && _forbidden.ContainsKey((resource, ns, objectName)))
        {
            await WriteForbiddenAsync(context, resource, ns, objectName);
            return;
        }

        var target = new Uri(_upstream, $"/apis/{StorageGroup}/v1/{path}{context.Request.QueryString}");
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        request.Headers.Accept.ParseAdd("application/json");
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = await ReadBoundedAsync(context.Request.Body, context.RequestAborted);
            var isPatch = HttpMethods.IsPatch(context.Request.Method);
            var rewritten = CoreObjectRewriter.ToStorage(JsonNode.Parse(body)!, kind, isPatch).ToJsonString();
            var mediaType = (context.Request.ContentType ?? "application/json").Split(';')[0];
            request.Content = new StringContent(rewritten, Encoding.UTF8, mediaType);
        }

        using var response = await _upstreamClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = "application/json";
        await using var upstreamBody = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        if (context.Request.Query["watch"] is var watch && (watch == "true" || watch == "1"))
        {
            using var reader = new StreamReader(upstreamBody, Encoding.UTF8);
            while (await reader.ReadLineAsync(context.RequestAborted) is { } line)
            {
                var watchEvent = CoreObjectRewriter.WatchEventFromStorage(JsonNode.Parse(line));
                await context.Response.WriteAsync(watchEvent?.ToJsonString() + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }

            return;
        }

        var text = await ReadBoundedAsync(upstreamBody, context.RequestAborted);
        var node = text.Length == 0 ? null : CoreObjectRewriter.FromStorage(JsonNode.Parse(text));
        await context.Response.WriteAsync(node?.ToJsonString() ?? string.Empty, context.RequestAborted);
    }

    /// <summary>
    /// The TokenRequest API: the ServiceAccount must exist (404 with the API server's Status otherwise); the body's
    /// <c>spec.audiences</c> and <c>spec.expirationSeconds</c> (default 3600, at least 600) shape the token.
    /// </summary>
    private async Task IssueTokenAsync(HttpContext context, string ns, string name)
    {
        if (_forbidden.ContainsKey(("serviceaccounts/token", ns, name)))
        {
            await WriteForbiddenAsync(context, "serviceaccounts/token", ns, name);
            return;
        }

        using var account = await _upstreamClient.GetAsync(new Uri(_upstream, $"/apis/{StorageGroup}/v1/namespaces/{ns}/serviceaccounts/{name}"), context.RequestAborted);
        if (!account.IsSuccessStatusCode)
        {
            context.Response.StatusCode = (int)account.StatusCode;
            await context.Response.WriteAsJsonAsync(
                new JsonObject
                {
                    ["kind"] = "Status",
                    ["apiVersion"] = "v1",
                    ["status"] = "Failure",
                    ["reason"] = account.StatusCode == HttpStatusCode.NotFound ? "NotFound" : "InternalError",
                    ["code"] = (int)account.StatusCode,
                    ["message"] = account.StatusCode == HttpStatusCode.NotFound ? $"serviceaccounts \"{name}\" not found" : "failed to read the service account",
                },
                context.RequestAborted);
            return;
        }

        var uid = JsonNode.Parse(await ReadBoundedAsync(await account.Content.ReadAsStreamAsync(context.RequestAborted), context.RequestAborted))?["metadata"]?["uid"]?.GetValue<string>() ?? string.Empty;
        var request = JsonNode.Parse(await ReadBoundedAsync(context.Request.Body, context.RequestAborted))?.AsObject() ?? [];
        var audiences = request["spec"]?["audiences"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [];
        var seconds = Math.Max(600, request["spec"]?["expirationSeconds"]?.GetValue<long>() ?? 3600);
        var token = ServiceAccountTokens.Issue(ns, name, uid, audiences, TimeSpan.FromSeconds(seconds));
        request["kind"] = "TokenRequest";
        request["apiVersion"] = "authentication.k8s.io/v1";
        request["status"] = new JsonObject
        {
            ["token"] = token,
            ["expirationTimestamp"] = DateTimeOffset.UtcNow.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(request.ToJsonString(), context.RequestAborted);
    }

    /// <summary>The API server's answer when RBAC denies a request (<c>k8s.io/apiserver</c> <c>responsewriters.Forbidden</c>).</summary>
    private static async Task WriteForbiddenAsync(HttpContext context, string resource, string ns, string name)
    {
        var verb = context.Request.Method switch
        {
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            "POST" => "create",
            _ => "get",
        };
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.Response.WriteAsJsonAsync(
            new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["status"] = "Failure",
                ["message"] = $"{resource} \"{name}\" is forbidden: User \"{ForbiddenUser}\" cannot {verb} resource \"{resource}\" in API group \"\" in the namespace \"{ns}\"",
                ["reason"] = "Forbidden",
                ["details"] = new JsonObject { ["name"] = name, ["kind"] = resource },
                ["code"] = 403,
            },
            context.RequestAborted);
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
        // Watches stay open for many minutes without traffic between bookmarks.
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(30) };
        var watch = context.Request.Query["watch"] is { Count: > 0 } w && w[0] is "true" or "1";
        await forwarder.SendAsync(context, _upstream.ToString(), _upstreamInvoker, config, watch ? WatchTransformer.Instance : HttpTransformer.Default);
    }

    private static async Task<string> ReadBoundedAsync(Stream stream, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await BoundedReader.ReadAllAsync(stream, MaxBodyBytes, cancellationToken));

    private static IResult Json(JsonObject body) => Results.Content(body.ToJsonString(), "application/json");
}
