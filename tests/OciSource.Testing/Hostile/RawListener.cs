using System.Net;
using System.Net.Sockets;

namespace OciSource.Testing.Hostile;

/// <summary>
/// A TCP listener on a free port of 127.0.0.1 that hands every accepted connection to a handler on its own task,
/// until disposed. A handler's exception closes its connection and is otherwise ignored (a test server must not die
/// because one client hung up).
/// </summary>
internal sealed class RawListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public RawListener(Func<Socket, CancellationToken, Task> handle)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync(handle);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping ends the accept loop with one of these.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<Socket, CancellationToken, Task> handle)
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            _ = Task.Run(async () =>
            {
                using (socket)
                {
                    try
                    {
                        await handle(socket, _stop.Token);
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException
                        or System.Security.Authentication.AuthenticationException or ObjectDisposedException or HttpRequestException)
                    {
                        // The client went away or refused the handshake: this connection is over.
                    }
                }
            });
        }
    }
}
