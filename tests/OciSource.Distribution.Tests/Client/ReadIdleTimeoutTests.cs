using System.Net;
using System.Net.Sockets;
using OciSource.Distribution.Client;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Tests.Client;

/// <summary>
/// A registry that accepts connections and then never answers (not the TLS handshake, not the response headers): each
/// attempt is bounded by the read idle timeout and retried as a connection failure, never left to the caller alone.
/// </summary>
public sealed class ReadIdleTimeoutTests : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _accepted = [];
    private int _requests;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerThatNeverAnswers_FailsWithRegistryExceptionAfterTheIdleTimeout()
    {
        _listener.Start();
        var accepting = AcceptForeverAsync();
        using var factory = new RegistryClientFactory();
        using var client = factory.Create(
            RepositoryReference.Parse($"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/silent/app"),
            new RegistryClientOptions
            {
                Transport = new RegistryTransportOptions { ReadIdleTimeout = TimeSpan.FromSeconds(1) },
                Retry = new RetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10) },
            });

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync("v1", Ct).WaitAsync(TimeSpan.FromMinutes(1), Ct));

        Assert.Contains("no data", error.Message, StringComparison.Ordinal);
        Assert.True(Volatile.Read(ref _requests) >= 1);
        await _stop.CancelAsync();
        await accepting;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_accepted)
        {
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    /// <summary>Accepts every connection and reads what the client sends, answering nothing; counts the connections.</summary>
    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }

                Interlocked.Increment(ref _requests);
                _ = DrainAsync(socket);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the test.
        }
    }

    private async Task DrainAsync(Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, _stop.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client gave up or the test ended.
        }
    }
}
