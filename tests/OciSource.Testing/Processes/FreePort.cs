using System.Net;
using System.Net.Sockets;

namespace OciSource.Testing.Processes;

/// <summary>Finds TCP ports on 127.0.0.1 that are free at the moment of the call.</summary>
/// <remarks>
/// Another process may take the port before the caller binds it; fixtures therefore retry a start whose process exits
/// early (see <see cref="ManagedProcess.StartUntilReadyAsync"/>).
/// </remarks>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
