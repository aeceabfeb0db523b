using System.Net.Sockets;
using System.Text;

namespace OciSource.Storage.Tests;

/// <summary>
/// HTTP/1.1 spoken by hand over a TCP socket: request lines exactly as written (no client normalises the path or
/// rejects it first), and the answer read whole (the request says <c>Connection: close</c>) within a bound.
/// </summary>
internal static class RawHttp
{
    /// <summary>Bytes of an answer read at most: more fails the test.</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    /// <summary>Sends <paramref name="requestLine"/> (without its CRLF) with a Host header and reads the whole answer.</summary>
    /// <exception cref="InvalidDataException">The answer is longer than <see cref="MaxResponseBytes"/> or has no status line.</exception>
    public static async Task<RawResponse> SendAsync(Uri server, string requestLine, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync(server, cancellationToken);
        await socket.SendAsync(Encoding.Latin1.GetBytes($"{requestLine}\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"), cancellationToken);
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await ReceiveAsync(socket, buffer, cancellationToken)) > 0)
        {
            if (received.Length + read > MaxResponseBytes)
            {
                throw new InvalidDataException($"answer to '{requestLine[..Math.Min(80, requestLine.Length)]}' longer than {MaxResponseBytes} bytes");
            }

            received.Write(buffer, 0, read);
        }

        return RawResponse.Parse(received.ToArray());
    }

    /// <summary>A connected socket to <paramref name="server"/>'s host and port.</summary>
    public static async Task<Socket> ConnectAsync(Uri server, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Bytes received, 0 at the end of the stream; a reset by the server also counts as the end.</summary>
    public static async Task<int> ReceiveAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, cancellationToken);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return 0;
        }
    }
}
