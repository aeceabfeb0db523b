using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace OciSource.Testing.Registry;

/// <summary>
/// A SIMULATOR of the OCI 1.1 referrers API, on plain HTTP at 127.0.0.1, in front of a real anonymous registry. No
/// registry that runs here (distribution 2.8) implements <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>, so this
/// front answers it as the distribution spec ("Listing Referrers") describes, built from what the real clients wrote
/// under the referrers tag schema (<c>&lt;alg&gt;-&lt;hex&gt;</c>): an OCI index (200, <c>Content-Type</c>
/// <c>application/vnd.oci.image.index.v1+json</c>, empty when there is no referrer) whose descriptors carry each
/// referrer manifest's <c>artifactType</c> (else its config media type) and annotations, as a registry derives them.
/// It paginates with <c>Link: &lt;…&gt;; rel="next"</c> when <see cref="PageSize"/> is set, and applies the
/// <c>artifactType</c> filter (announcing it in <c>OCI-Filters-Applied</c>) only when <see cref="ApplyFilters"/> is true.
/// Everything else is forwarded unchanged to the registry.
/// </summary>
public sealed class ReferrersApiFront : IAsyncDisposable
{
    private const int MaxDocumentBytes = 4 * 1024 * 1024;
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _upstream;
    private int _referrersRequests;

    private ReferrersApiFront(Uri upstream, WebApplication app)
    {
        Upstream = upstream;
        _app = app;
        _upstream = new HttpMessageInvoker(
            new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false },
            disposeHandler: true);
    }

    /// <summary>The registry the front forwards to.</summary>
    public Uri Upstream { get; }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>, the registry part of a reference through the front.</summary>
    public string Host { get; private set; } = string.Empty;

    /// <summary>Descriptors per page; 0 (the default) sends one page.</summary>
    public int PageSize { get; set; }

    /// <summary>Whether the <c>artifactType</c> query is applied (and announced); false leaves the filtering to the client, as the spec allows.</summary>
    public bool ApplyFilters { get; set; }

    /// <summary>How many referrers API requests the front answered.</summary>
    public int ReferrersRequests => Volatile.Read(ref _referrersRequests);

    /// <summary>Starts a front for the anonymous plain-HTTP <paramref name="registry"/>.</summary>
    public static async Task<ReferrersApiFront> StartAsync(RegistryServer registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Services.AddHttpForwarder();
        var front = new ReferrersApiFront(registry.BaseAddress, builder.Build());
        front._app.Map("/v2/{**path}", front.HandleAsync);
        try
        {
            front.Host = (await LoopbackWebApp.StartAsync(front._app, cancellationToken)).Authority;
            return front;
        }
        catch
        {
            await front.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var at = path.LastIndexOf("/referrers/", StringComparison.Ordinal);
        if (!HttpMethods.IsGet(context.Request.Method) || at < 0)
        {
            var forwarder = context.RequestServices.GetRequiredService<IHttpForwarder>();
            await forwarder.SendAsync(context, Upstream.ToString(), _upstream);
            return;
        }

        Interlocked.Increment(ref _referrersRequests);
        await AnswerReferrersAsync(context, path["/v2/".Length..at], path[(at + "/referrers/".Length)..]);
    }

    private async Task AnswerReferrersAsync(HttpContext context, string repository, string digest)
    {
        var ct = context.RequestAborted;
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var index = await GetAsync(repository, digest[..colon] + "-" + digest[(colon + 1)..], OciIndex, ct);
        var referrers = new List<JsonObject>();
        foreach (var listed in index?["manifests"]?.AsArray() ?? [])
        {
            var referrerDigest = listed!["digest"]!.GetValue<string>();
            var manifest = await GetAsync(repository, referrerDigest, OciManifest + ", " + OciIndex, ct)
                ?? throw new InvalidDataException($"the referrers tag index lists the missing manifest {referrerDigest}");
            var descriptor = new JsonObject
            {
                ["mediaType"] = listed["mediaType"]?.DeepClone(),
                ["digest"] = referrerDigest,
                ["size"] = listed["size"]?.DeepClone(),
                ["artifactType"] = (manifest["artifactType"] ?? manifest["config"]?["mediaType"])?.DeepClone(),
            };
            if (manifest["annotations"] is { } annotations)
            {
                descriptor["annotations"] = annotations.DeepClone();
            }

            referrers.Add(descriptor);
        }

        var artifactType = context.Request.Query["artifactType"].ToString();
        if (ApplyFilters && artifactType.Length > 0)
        {
            referrers = referrers.Where(r => r["artifactType"]?.GetValue<string>() == artifactType).ToList();
            context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        }

        var page = int.TryParse(context.Request.Query["page"], out var p) && p > 0 ? p : 0;
        var size = PageSize > 0 ? PageSize : Math.Max(1, referrers.Count);
        if ((page + 1) * size < referrers.Count)
        {
            var query = artifactType.Length > 0 ? $"artifactType={Uri.EscapeDataString(artifactType)}&" : string.Empty;
            context.Response.Headers.Link = $"<{context.Request.Path}?{query}page={page + 1}>; rel=\"next\"";
        }

        context.Response.ContentType = OciIndex;
        await context.Response.WriteAsync(
            new JsonObject
            {
                ["schemaVersion"] = 2,
                ["mediaType"] = OciIndex,
                ["manifests"] = new JsonArray([.. referrers.Skip(page * size).Take(size)]),
            }.ToJsonString(),
            ct);
    }

    /// <summary>The manifest or index <paramref name="reference"/> of the registry; null when it answers 404.</summary>
    private async Task<JsonNode?> GetAsync(string repository, string reference, string accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Upstream, $"v2/{repository}/manifests/{reference}"));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await _upstream.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return JsonNode.Parse(await BoundedReader.ReadAllAsync(body, MaxDocumentBytes, cancellationToken));
    }
}
