using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.ApiServer;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Tests.Support;

namespace OciSource.Runtime.Tests.ApiServer;

/// <summary>
/// The runtime's own list and watch readers against a loopback HTTP server that answers what a hostile or broken API
/// server could (the real API server never writes these; the informer's tests cover it end to end).
/// </summary>
public sealed class CollectionClientTests : IAsyncDisposable
{
    private const string Collection = "apis/source.toolkit.fluxcd.io/v1/namespaces/ns/ocirepositories";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebApplication? _app;
    private Kubernetes? _kubernetes;

    [Fact]
    public async Task Watch_AnUnreadableLine_GoesToOnErrorAndTheWatchGoesOn()
    {
        var client = await ServeAsync(Line("ADDED", "a") + "not json\n" + Line("MODIFIED", "b") + """{"type":"ERROR","object":{"kind":"Status","code":410}}""" + "\n" + Line("DELETED", "c"));
        var errors = new List<Exception>();

        var events = await ToListAsync(client.WatchAsync(Collection, new InformerOptions(), "1", 60, errors.Add, Ct));

        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Modified, "b"), (WatchEventType.Deleted, "c")], events);
        Assert.Collection(errors, e => Assert.IsType<JsonException>(e, exactMatch: false), e => Assert.Equal(410, Assert.IsType<KubernetesException>(e).Status.Code));
    }

    [Fact]
    public async Task Watch_AnEventLongerThanTheLimit_Throws()
    {
        var client = await ServeAsync(Line("ADDED", "a") + Line("ADDED", new string('x', 8192)), watchEventLimit: 4096);
        var events = new List<(WatchEventType, string)>();

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var (type, obj) in client.WatchAsync(Collection, new InformerOptions(), "1", 60, _ => { }, Ct))
            {
                events.Add((type, obj.Metadata.Name));
            }
        });

        Assert.Equal([(WatchEventType.Added, "a")], events);
        Assert.Contains("larger than 4096 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ReadsMetadataAndItems()
    {
        var client = await ServeAsync("""{"kind":"OCIRepositoryList","apiVersion":"source.toolkit.fluxcd.io/v1","metadata":{"resourceVersion":"7","continue":"next"},"items":[""" + Object("a") + "," + Object("b") + "]}");

        var page = await client.ListAsync(Collection, new InformerOptions(), null, Ct);

        Assert.Equal(("7", "next"), (page.Metadata.ResourceVersion, page.Metadata.ContinueProperty));
        Assert.Equal(["a", "b"], page.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task List_APageLongerThanTheLimit_Throws()
    {
        var client = await ServeAsync("""{"metadata":{},"items":[""" + Object(new string('x', 8192)) + "]}", listPageLimit: 4096);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => client.ListAsync(Collection, new InformerOptions(), null, Ct));

        Assert.Contains("larger than 4096 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AnErrorAnswer_IsAnHttpOperationExceptionWithTheStatus()
    {
        var client = await ServeAsync("""{"kind":"Status","code":403,"message":"forbidden"}""", status: HttpStatusCode.Forbidden);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.ListAsync(Collection, new InformerOptions(), null, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        Assert.Contains("forbidden", error.Response.Content, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        _kubernetes?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static string Object(string name) => $$$"""{"apiVersion":"source.toolkit.fluxcd.io/v1","kind":"OCIRepository","metadata":{"name":"{{{name}}}","namespace":"ns","resourceVersion":"1"}}""";

    private static string Line(string type, string name) => $$"""{"type":"{{type}}","object":{{Object(name)}}}""" + "\n";

    private static async Task<List<(WatchEventType, string)>> ToListAsync(IAsyncEnumerable<(WatchEventType Type, TestOciRepository Object)> events)
    {
        var list = new List<(WatchEventType, string)>();
        await foreach (var (type, obj) in events)
        {
            list.Add((type, obj.Metadata.Name));
        }

        return list;
    }

    /// <summary>A server that answers every request with <paramref name="body"/>, and a client of it.</summary>
    private async Task<CollectionClient<TestOciRepository>> ServeAsync(
        string body, HttpStatusCode status = HttpStatusCode.OK, int listPageLimit = CollectionClient<TestOciRepository>.ListPageLimit,
        int watchEventLimit = CollectionClient<TestOciRepository>.WatchEventLimit)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
        });
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = address });
        return new CollectionClient<TestOciRepository>(new ApiServerTransport(_kubernetes), TestOciRepository.Json, listPageLimit, watchEventLimit);
    }
}
