using System.Globalization;
using OciSource.Testing.Processes;

namespace OciSource.Benchmarks;

/// <summary>
/// The reference server of the serve scenario: Debian's nginx with a private configuration (sendfile, tcp_nopush,
/// no access log, one worker per core) serving <c>root</c> on a free loopback port; stopped on dispose.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    public const string Path = "/usr/sbin/nginx";

    private readonly ManagedProcess _process;

    private NginxServer(ManagedProcess process, Uri baseAddress, string configuration)
    {
        _process = process;
        BaseAddress = baseAddress;
        Configuration = configuration;
    }

    public Uri BaseAddress { get; }

    /// <summary>The configuration file's text, for the report.</summary>
    public string Configuration { get; }

    /// <summary>Starts nginx serving <paramref name="root"/>; its configuration, pid file and logs go to <paramref name="workDirectory"/>.</summary>
    public static async Task<NginxServer> StartAsync(string root, string workDirectory, CancellationToken ct)
    {
        var prefix = System.IO.Path.Combine(workDirectory, "nginx");
        Directory.CreateDirectory(System.IO.Path.Combine(prefix, "tmp"));
        var port = 0;
        var configuration = string.Empty;
        var configurationPath = System.IO.Path.Combine(prefix, "nginx.conf");
        var process = await ManagedProcess.StartUntilReadyAsync(
            () =>
            {
                port = FreePort.Next();
                configuration = Configure(root, port);
                File.WriteAllText(configurationPath, configuration);
                return ManagedProcess.Start(
                    "nginx", Path, ["-p", prefix, "-c", configurationPath, "-e", System.IO.Path.Combine(prefix, "error.log")], workDirectory);
            },
            async token =>
            {
                using var client = new HttpClient();
                using var answer = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"), token);
                return true;
            },
            TimeSpan.FromSeconds(10),
            ct);
        return new NginxServer(process, new Uri($"http://127.0.0.1:{port}/"), configuration);
    }

    /// <summary>The CPU time nginx's master and worker processes used so far.</summary>
    public TimeSpan CpuTime()
    {
        var pid = _process.Id;
        return ProcStat.Children(pid).Aggregate(
            ProcStat.CpuTime(pid.ToString(CultureInfo.InvariantCulture)),
            (sum, child) => sum + ProcStat.CpuTime(child.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary><c>nginx version: nginx/…</c> as nginx prints it.</summary>
    public static async Task<string> VersionAsync(CancellationToken ct) =>
        (await ProcessOutput.RunAsync(Path, ["-v"], ct)).Trim();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string Configure(string root, int port) => $$"""
        # Private configuration of the serve benchmark: static files from the artifact store, as fast as nginx goes.
        # Blobs are readable by their owner only, so the workers run as the benchmark's user (root: "user root").
        worker_processes auto;
        daemon off;
        pid nginx.pid;
        {{(Environment.IsPrivilegedProcess ? "user root;" : string.Empty)}}
        events {
            worker_connections 1024;
        }
        http {
            access_log off;
            sendfile on;
            tcp_nopush on;
            keepalive_requests 1000000;
            types {
                application/gzip gz;
            }
            default_type application/octet-stream;
            client_body_temp_path tmp/client;
            proxy_temp_path tmp/proxy;
            fastcgi_temp_path tmp/fastcgi;
            uwsgi_temp_path tmp/uwsgi;
            scgi_temp_path tmp/scgi;
            server {
                listen 127.0.0.1:{{port}};
                root {{root}};
            }
        }
        """;
}
