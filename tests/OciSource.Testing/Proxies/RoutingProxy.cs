using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OciSource.Testing.Hostile;

namespace OciSource.Testing.Proxies;

/// <summary>
/// A forward proxy on 127.0.0.1 that stands in for DNS: it sends a cloud host name (<c>123456789012.dkr.ecr.us-east-1.amazonaws.com</c>,
/// <c>myregistry.azurecr.io</c>) to the loopback server <see cref="Route"/> names for it, so the product reaches a
/// simulator under the real host name through its ordinary proxy setting (<c>proxySecretRef</c>). <c>CONNECT</c> is
/// tunnelled; an absolute-form request (<c>GET http://host/…</c>) is forwarded with <c>Connection: close</c>, one request
/// per connection. Hosts without a route: IP literals and <c>localhost</c> are reached directly, others get 502.
/// Every request's <c>host:port</c> is recorded in <see cref="Hosts"/>, so a test can prove traffic went through it.
/// </summary>
public sealed class RoutingProxy : IAsyncDisposable
{
    private readonly RawListener _listener;
    private readonly ConcurrentDictionary<string, DnsEndPoint> _routes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _hosts = new();

    public RoutingProxy()
    {
        _listener = new RawListener(HandleAsync);
        Address = new Uri($"http://127.0.0.1:{_listener.Port}");
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Address { get; }

    /// <summary>The <c>host:port</c> of every request so far, in arrival order.</summary>
    public IReadOnlyList<string> Hosts => [.. _hosts];

    /// <summary>Sends connections for <paramref name="host"/> (any port) to <paramref name="backend"/> (its host and port).</summary>
    public void Route(string host, Uri backend) => _routes[host] = new DnsEndPoint(backend.Host, backend.Port);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task HandleAsync(Socket client, CancellationToken cancellationToken)
    {
        await using var clientStream = new NetworkStream(client, ownsSocket: false);
        if (await RawHttp.ReadHeadAsync(clientStream, cancellationToken) is not { } request)
        {
            return;
        }

        var connect = request.Method == "CONNECT";
        string host;
        int port;
        if (connect)
        {
            var colon = request.Target.LastIndexOf(':');
            (host, port) = (request.Target[..colon].Trim('[', ']'), int.Parse(request.Target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (Uri.TryCreate(request.Target, UriKind.Absolute, out var target))
        {
            (host, port) = (target.Host, target.Port);
        }
        else
        {
            await clientStream.WriteAsync("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken);
            return;
        }

        _hosts.Enqueue($"{host}:{port}");
        EndPoint? backend = _routes.TryGetValue(host, out var routed) ? routed
            : IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port)
            : host == "localhost" ? new IPEndPoint(IPAddress.Loopback, port)
            : null;
        if (backend is null)
        {
            await clientStream.WriteAsync("HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken);
            return;
        }

        using var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await upstream.ConnectAsync(backend, cancellationToken);
        await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
        if (connect)
        {
            await clientStream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), cancellationToken);
        }
        else
        {
            var forwarded = new StringBuilder().Append(request.Method).Append(' ').Append(request.Target).Append(" HTTP/1.1\r\n");
            foreach (var (name, value) in request.Headers)
            {
                if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase))
                {
                    forwarded.Append(name).Append(": ").Append(value).Append("\r\n");
                }
            }

            forwarded.Append("Connection: close\r\n\r\n");
            await upstreamStream.WriteAsync(Encoding.ASCII.GetBytes(forwarded.ToString()), cancellationToken);
        }

        var up = clientStream.CopyToAsync(upstreamStream, cancellationToken);
        var down = upstreamStream.CopyToAsync(clientStream, cancellationToken);
        await Task.WhenAny(up, down);
        if (!connect)
        {
            // One request per connection: the backend's close ends the exchange.
            await down;
        }
    }
}
