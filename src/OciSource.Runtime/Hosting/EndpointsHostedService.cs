using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Metrics;
using Prometheus;

namespace OciSource.Runtime.Hosting;

/// <summary>
/// Serves <c>/healthz</c> and <c>/readyz</c> on <see cref="RuntimeOptions.HealthAddr"/> and <c>/metrics</c> (Prometheus
/// text) on <see cref="RuntimeOptions.MetricsAddr"/>, on every replica (leader or not), as controller-runtime does.
/// </summary>
public sealed class EndpointsHostedService(RuntimeOptions options, RuntimeMetrics metrics) : IHostedService, IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    /// <summary>Where the health endpoints listen once started (the real port when the flag asked for port 0).</summary>
    public Uri? HealthAddress { get; private set; }

    /// <summary>Where <c>/metrics</c> listens once started.</summary>
    public Uri? MetricsAddress { get; private set; }

    /// <exception cref="FormatException">An address is not <c>[host]:port</c>.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        HealthAddress = await StartAsync(options.HealthAddr, app =>
        {
            app.MapGet("/healthz", OkAsync);
            app.MapGet("/readyz", OkAsync);
        }, cancellationToken);
        MetricsAddress = await StartAsync(options.MetricsAddr, app => app.UseMetricServer("/metrics", metrics.Registry), cancellationToken);
    }

    /// <summary>200 <c>ok</c> as <c>text/plain</c>; a <see cref="RequestDelegate"/>, so routing needs no reflection (trimming and AOT safe).</summary>
    private static Task OkAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("ok", context.RequestAborted);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var app in _apps)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        _apps.Clear();
    }

    /// <summary>Parses Go's <c>host:port</c> (<c>:8080</c> is every interface).</summary>
    /// <exception cref="FormatException">Not <c>[host]:port</c>.</exception>
    public static IPEndPoint ParseAddress(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"address \"{address}\" is not [host]:port");
        }

        var host = address[..colon].Trim('[', ']');
        var ip = host.Length == 0 ? IPAddress.Any : host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        return new IPEndPoint(ip, port);
    }

    private async Task<Uri> StartAsync(string address, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var endpoint = ParseAddress(address);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(endpoint));
        var app = builder.Build();
        map(app);
        _apps.Add(app);
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }
}
