using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Cloud.Azure;

/// <summary>Kestrel on a free port of 127.0.0.1 for the Azure simulators: HTTPS with a given certificate, or plain HTTP.</summary>
internal static class SimulatorHost
{
    /// <summary>A builder whose Kestrel serves HTTP/1.1 over TLS with <paramref name="certificate"/>.</summary>
    public static WebApplicationBuilder CreateTlsBuilder(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
            options.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(certificate);
            }));
        return builder;
    }

    /// <summary>Starts <paramref name="app"/>; returns its address (<c>https://127.0.0.1:port</c> or <c>http://…</c>).</summary>
    public static Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken) => LoopbackWebApp.StartAsync(app, cancellationToken);
}
