using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using OciSource.Testing.Processes;

namespace OciSource.Testing.Proxies;

/// <summary>
/// A real forward proxy on a free port of 127.0.0.1 with username/password authentication: Debian's
/// <c>tinyproxy</c> (HTTP, CONNECT for HTTPS) or <c>microsocks</c> (SOCKS5). Both log every connection, which
/// <see cref="Log"/> returns so a test can prove traffic went through the proxy.
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly string _workDirectory;
    private readonly ManagedProcess _process;

    private ProxyServer(string workDirectory, ManagedProcess process, Uri address, NetworkCredential credential)
    {
        _workDirectory = workDirectory;
        _process = process;
        Address = address;
        Credential = credential;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c> or <c>socks5://127.0.0.1:&lt;port&gt;</c>, without credentials.</summary>
    public Uri Address { get; }

    public NetworkCredential Credential { get; }

    /// <summary>Starts tinyproxy with basic authentication and a random password.</summary>
    /// <exception cref="ProcessStartFailedException">It did not start; the message holds its log.</exception>
    public static Task<ProxyServer> StartHttpAsync(CancellationToken cancellationToken) =>
        StartAsync("tinyproxy", "http", (work, port, credential) =>
        {
            var config = Path.Combine(work, "tinyproxy.conf");
            File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
                Port {port}
                Listen 127.0.0.1
                Timeout 600
                LogLevel Connect
                MaxClients 200
                DisableViaHeader Yes
                BasicAuth {credential.UserName} {credential.Password}

                """));
            return ManagedProcess.Start("tinyproxy", "/usr/bin/tinyproxy", ["-d", "-c", config], work);
        }, cancellationToken);

    /// <summary>Starts microsocks with username/password authentication and a random password.</summary>
    /// <exception cref="ProcessStartFailedException">It did not start; the message holds its log.</exception>
    public static Task<ProxyServer> StartSocks5Async(CancellationToken cancellationToken) =>
        StartAsync("microsocks", "socks5", (work, port, credential) => ManagedProcess.Start(
            "microsocks",
            "/usr/bin/microsocks",
            ["-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-u", credential.UserName, "-P", credential.Password],
            work), cancellationToken);

    /// <summary>The proxy's own log (connections and requests it handled).</summary>
    public string Log() => _process.Tail();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        TestEnvironment.DeleteWorkDirectory(_workDirectory);
    }

    private static async Task<ProxyServer> StartAsync(
        string name, string scheme, Func<string, int, NetworkCredential, ManagedProcess> start, CancellationToken cancellationToken)
    {
        var work = TestEnvironment.CreateWorkDirectory(name);
        var credential = new NetworkCredential("proxyuser", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
        try
        {
            var port = 0;
            var process = await ManagedProcess.StartUntilReadyAsync(
                () =>
                {
                    port = FreePort.Next();
                    return start(work, port, credential);
                },
                async ct =>
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                        return true;
                    }
                    catch (SocketException)
                    {
                        return false;
                    }
                },
                StartTimeout,
                cancellationToken);
            return new ProxyServer(work, process, new Uri($"{scheme}://127.0.0.1:{port}"), credential);
        }
        catch
        {
            TestEnvironment.DeleteWorkDirectory(work);
            throw;
        }
    }
}
