using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OciSource.Storage;

/// <summary>
/// Serves the store's artifacts over plain HTTP, as Flux's file server does for consumers: GET and HEAD of
/// <c>/&lt;kind&gt;/&lt;ns&gt;/&lt;name&gt;/&lt;file&gt;</c> only (no listings, nothing outside object directories,
/// no <c>..</c>), with <c>Range</c>, a strong <c>ETag</c> equal to the file's digest, <c>If-None-Match</c>,
/// <c>Content-Length</c> and <c>Digest</c>/<c>Content-Digest</c> headers; 200 with an empty body for <c>/</c> (Flux's
/// Deployment probes readiness with <c>httpGet /</c>); 404 for anything else, 405 for other
/// methods. Requests are answered by <see cref="ArtifactResponder"/>. HTTP/1.1 only, within the connection count,
/// timeouts, minimum response rate and request size limits of <see cref="ArtifactServerOptions"/>: a client beyond
/// them is disconnected, the others are served.
/// </summary>
public sealed partial class ArtifactServer : IAsyncDisposable
{
    /// <summary>
    /// Bytes a response may have written but not yet sent before its writes wait (Kestrel's default is 64 KiB): room
    /// for a few read chunks, so reading the next part of a large blob overlaps sending the previous one.
    /// </summary>
    internal const long ResponseBufferBytes = 1024 * 1024;

    private readonly WebApplication _app;
    private readonly ArtifactStore _store;
    private readonly ArtifactResponder _responder;

    private ArtifactServer(WebApplication app, ArtifactStore store, ArtifactResponder responder, Uri baseAddress)
    {
        _app = app;
        _store = store;
        _responder = responder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <param name="address"><c>:port</c> (all interfaces), <c>host:port</c>, or <c>[v6]:port</c>; port 0 picks a free one.</param>
    /// <param name="options">Connection limits and timeouts.</param>
    public static async Task<ArtifactServer> StartAsync(string address, ArtifactStore store, ArtifactServerOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        // The empty builder: Kestrel and nothing else (no configuration files or their watchers, no logging, no routing).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            ApplyLimits(kestrel.Limits, options);
            var (host, port) = Parse(address);
            // HTTP/1.1 only: what consumers speak over plain http; h2c would let one connection hold many stalled streams.
            if (host is null)
            {
                kestrel.ListenAnyIP(port, listen => listen.Protocols = HttpProtocols.Http1);
            }
            else
            {
                kestrel.Listen(host, port, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        var app = builder.Build();
        var responder = new ArtifactResponder(store.Root);
        app.Run(responder.RespondAsync);
        store.BlobDeleted += responder.OnBlobDeleted;
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            store.BlobDeleted -= responder.OnBlobDeleted;
            responder.Dispose();
            await app.DisposeAsync();
            throw;
        }

        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/");
        LogListening(logger, baseAddress);
        return new ArtifactServer(app, store, responder, baseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        _store.BlobDeleted -= _responder.OnBlobDeleted;
        _responder.Dispose();
    }

    private static void ApplyLimits(KestrelServerLimits limits, ArtifactServerOptions options)
    {
        limits.MaxResponseBufferSize = ResponseBufferBytes;
        limits.MaxConcurrentConnections = options.MaxConnections > 0 ? options.MaxConnections : null;
        limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        limits.KeepAliveTimeout = options.KeepAliveTimeout;
        limits.MinResponseDataRate = options.MinResponseBytesPerSecond > 0
            ? new MinDataRate(options.MinResponseBytesPerSecond, options.MinResponseDataRateGracePeriod)
            : null;
        limits.MaxRequestHeadersTotalSize = ArtifactServerOptions.MaxRequestHeadersBytes;
        limits.MaxRequestHeaderCount = ArtifactServerOptions.MaxRequestHeaderCount;
        limits.MaxRequestLineSize = ArtifactServerOptions.MaxRequestLineBytes;
        limits.MaxRequestBodySize = 0; // GET and HEAD only: a body is never read
    }

    private static (IPAddress? Host, int Port) Parse(string address)
    {
        var colon = address.LastIndexOf(':');
        var host = colon <= 0 ? null : address[..colon].Trim('[', ']');
        var port = int.Parse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        return (string.IsNullOrEmpty(host) ? null : host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host), port);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Artifact server listening on {Address}")]
    private static partial void LogListening(ILogger logger, Uri address);
}
