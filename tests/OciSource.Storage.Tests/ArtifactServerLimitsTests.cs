using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace OciSource.Storage.Tests;

/// <summary>
/// The artifact server's connection limits hold against clients that connect and say nothing, send half a request,
/// or ask for a large artifact and never read it: connections beyond the limit are rejected, idle ones are closed by
/// the header timeout, a reader below the minimum rate is dropped, and a normal client is served meanwhile. Every
/// wait is on what Kestrel reports (<see cref="KestrelSignals"/>) or on the socket itself, never on time.
/// </summary>
public sealed class ArtifactServerLimitsTests : IAsyncLifetime
{
    private static readonly byte[] Small = RandomNumberGenerator.GetBytes(50_000);
    private readonly StoreScope _scope = new();
    private readonly KestrelSignals _signals = new();
    private readonly List<Socket> _sockets = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private StoredArtifact _small = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _small = await _scope.Store.StoreFileAsync(new ArtifactKey("ocirepository", "default", "small"), "sha256:small.tar.gz", new MemoryStream(Small), Ct);

    [Fact]
    public async Task ConnectionsBeyondTheLimit_AreRejected_AndIdleOnesTimingOutLetANormalClientIn()
    {
        await using var server = await StartAsync(new ArtifactServerOptions
        {
            MaxConnections = 3,
            RequestHeadersTimeout = TimeSpan.FromSeconds(2),
            KeepAliveTimeout = TimeSpan.FromSeconds(2),
        });
        var idle = await ConnectAsync(server);
        var halfRequest = await ConnectAsync(server);
        await halfRequest.SendAsync(Encoding.ASCII.GetBytes($"GET /{_small.Path} HTTP/1.1\r\nHost: x\r\n"), Ct);
        var idleToo = await ConnectAsync(server);
        await _signals.WaitForAsync(s => s.Active >= 3, Ct);

        // A whole request on the connection beyond the limit: without the limit it is answered, with it the server closes.
        var beyond = await ConnectAsync(server);
        await SendIgnoringResetAsync(beyond, $"GET /{_small.Path} HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Equal(0, await DrainAsync(beyond));
        await _signals.WaitForAsync(s => s.Rejected >= 1 && s.Active == 3, Ct);
        Assert.Equal(1, _signals.Rejected);

        foreach (var socket in new[] { idle, halfRequest, idleToo })
        {
            await DrainAsync(socket);
        }

        await _signals.WaitForAsync(s => s.Active == 0, Ct);

        Assert.Equal(1, _signals.Ended("request_headers_timeout"));
        Assert.Equal(Small, await _http.GetByteArrayAsync(new Uri(server.BaseAddress, _small.Path), Ct));
    }

    [Fact]
    public async Task ReaderThatNeverReads_DoesNotHoldUpOthers_AndIsDroppedBelowTheMinimumRate()
    {
        var large = RandomNumberGenerator.GetBytes(32 * 1024 * 1024);
        var stored = await _scope.Store.StoreFileAsync(new ArtifactKey("ocirepository", "default", "large"), "sha256:large.tar.gz", new MemoryStream(large), Ct);
        await using var server = await StartAsync(new ArtifactServerOptions
        {
            MinResponseBytesPerSecond = 4 * 1024 * 1024,
            MinResponseDataRateGracePeriod = TimeSpan.FromSeconds(2),
        });
        var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        _sockets.Add(stalled);
        await stalled.ConnectAsync(IPAddress.Loopback, server.BaseAddress.Port, Ct);
        await stalled.SendAsync(Encoding.ASCII.GetBytes($"GET /{stored.Path} HTTP/1.1\r\nHost: x\r\n\r\n"), Ct);
        await WaitUntilReadableAsync(stalled);

        using (var response = await _http.GetAsync(new Uri(server.BaseAddress, stored.Path), HttpCompletionOption.ResponseHeadersRead, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(SHA256.HashData(large), await SHA256.HashDataAsync(await response.Content.ReadAsStreamAsync(Ct), Ct));
        }

        await _signals.WaitForAsync(s => s.Ended("min_response_data_rate") >= 1, Ct);

        Assert.True(await DrainAsync(stalled) < large.Length, "the stalled reader was sent the whole artifact");
        Assert.Equal(1, _signals.Ended("min_response_data_rate"));
    }

    public ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _signals.Dispose();
        _http.Dispose();
        _scope.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until the socket has bytes to read or was closed (a pending receive of nothing would consume neither).</summary>
    private static async Task WaitUntilReadableAsync(Socket socket)
    {
        while (!await Task.Run(() => socket.Poll(TimeSpan.FromSeconds(1), SelectMode.SelectRead), Ct))
        {
        }
    }

    /// <summary>Sends <paramref name="request"/>; a server that already closed the connection is not an error here.</summary>
    private static async Task SendIgnoringResetAsync(Socket socket, string request)
    {
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), Ct);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted)
        {
        }
    }

    /// <summary>Reads the socket to its end (the server closed it) and returns how many bytes came.</summary>
    private static async Task<long> DrainAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await RawHttp.ReceiveAsync(socket, buffer, Ct)) > 0)
        {
            total += read;
        }

        return total;
    }

    private async Task<ArtifactServer> StartAsync(ArtifactServerOptions options)
    {
        var server = await ArtifactServer.StartAsync("127.0.0.1:0", _scope.Store, options, NullLogger.Instance, Ct);
        _signals.Port = server.BaseAddress.Port;
        return server;
    }

    private async Task<Socket> ConnectAsync(ArtifactServer server)
    {
        var socket = await RawHttp.ConnectAsync(server.BaseAddress, Ct);
        _sockets.Add(socket);
        return socket;
    }
}
