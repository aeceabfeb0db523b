using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OciSource.Testing.Registry;

/// <summary>Kestrel on a free port of 127.0.0.1, plain HTTP, without logging: the base of the registry's test servers.</summary>
internal static class LoopbackWebApp
{
    /// <summary>
    /// A builder whose Kestrel listens on 127.0.0.1 (port chosen by the kernel at start), HTTP/1.1 only, with no
    /// request body size limit (blobs pushed through a front may be large).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Limits.MaxRequestBodySize = null;
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        return builder;
    }

    /// <summary>Starts <paramref name="app"/> and returns the address it listens on, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return new Uri(addresses.Addresses.Single());
    }
}
