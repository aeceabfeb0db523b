using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using OciSource.Storage;
using OciSource.Testing;

namespace OciSource.Benchmarks;

/// <summary>
/// Target P6: the artifact server (<see cref="ArtifactServer"/>, started as the controller's ArtifactServerRunnable
/// starts it) against nginx with sendfile serving the same store directory, both loaded by wrk on loopback with the
/// same threads, connections and duration: a 100 MiB file by throughput, a 4 KB file by requests per second. The two
/// files are stored through <see cref="ArtifactStore"/>, so both servers follow the store's symbolic links to its
/// blobs. Each measurement is repeated (<c>--runs</c>, alternating which server goes first) after a warm-up, and the
/// medians are compared as ratios.
/// </summary>
internal static class ServeBenchmark
{
    private const int WarmUpSeconds = 3;

    private static readonly ServeCase[] Cases =
    [
        new("4 KB", 4 * 1024, Threads: 2, Connections: 16, Seconds: 10, ByThroughput: false, Target: 0.8),
        new("100 MiB", 100 * 1024 * 1024, Threads: 2, Connections: 4, Seconds: 10, ByThroughput: true, Target: 0.9),
    ];

    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var ct = CancellationToken.None;
        if (!File.Exists(NginxServer.Path) || !File.Exists(Wrk.Path))
        {
            Console.Error.WriteLine($"{NginxServer.Path} or {Wrk.Path} is missing: run the scenario through eng/bench.sh, which installs them.");
            return 1;
        }

        var work = TestEnvironment.CreateWorkDirectory("bench-serve");
        try
        {
            var loadBefore = await UptimeAsync(ct);
            var store = new ArtifactStore(new StoreOptions { Root = Path.Combine(work, "data") }, TimeProvider.System, NullLogger<ArtifactStore>.Instance);
            await store.InitializeAsync(ct);
            var files = new Dictionary<ServeCase, (string Path, byte[] Content)>();
            foreach (var serveCase in Cases)
            {
                var content = RandomNumberGenerator.GetBytes(serveCase.Size);
                var name = $"sha256:{Convert.ToHexStringLower(SHA256.HashData(content))}.tar.gz";
                var stored = await store.StoreFileAsync(new ArtifactKey("OCIRepository", "bench", $"serve-{serveCase.Size}"), name, new MemoryStream(content), ct);
                files[serveCase] = (stored.Path, content);
            }

            await using var nginx = await NginxServer.StartAsync(store.Root, work, ct);
            await using var artifactServer = await ArtifactServer.StartAsync("127.0.0.1:0", store, new ArtifactServerOptions(), NullLogger.Instance, ct);
            using var self = Process.GetCurrentProcess();
            ServedBy[] servers =
            [
                new("nginx", nginx.BaseAddress, nginx.CpuTime),
                new("ArtifactServer", artifactServer.BaseAddress, () =>
                {
                    self.Refresh();
                    return self.TotalProcessorTime;
                }),
            ];
            await CheckContentAsync(servers, files, ct);

            var wrk = new Wrk(work);
            var results = new Dictionary<(ServeCase, ServedBy), List<WrkResult>>();
            foreach (var serveCase in Cases)
            {
                foreach (var server in servers)
                {
                    results[(serveCase, server)] = [];
                    await wrk.RunAsync(serveCase.Threads, serveCase.Connections, WarmUpSeconds, Url(server, files[serveCase].Path), server.CpuTime, ct);
                }

                for (var run = 0; run < arguments.Runs; run++)
                {
                    foreach (var server in run % 2 == 0 ? servers : servers.Reverse())
                    {
                        var result = await wrk.RunAsync(
                            serveCase.Threads, serveCase.Connections, serveCase.Seconds, Url(server, files[serveCase].Path), server.CpuTime, ct);
                        results[(serveCase, server)].Add(result);
                        Console.WriteLine($"{serveCase.Name} run {run + 1} {server.Name}: {ServeReport.Describe(result)}");
                    }
                }
            }

            var report = new ServeReport(arguments.Runs, Cases, servers, results, (serveCase, server) => Url(server, files[serveCase].Path))
            {
                LoadBefore = loadBefore,
                LoadAfter = await UptimeAsync(ct),
                NginxVersion = await NginxServer.VersionAsync(ct),
                WrkVersion = await Wrk.VersionAsync(ct),
                NginxConfiguration = nginx.Configuration,
            };
            var path = Path.Combine(arguments.ResultsDirectory, "serve.md");
            var text = report.Render(File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : null);
            Console.WriteLine(text);
            Directory.CreateDirectory(arguments.ResultsDirectory);
            await File.WriteAllTextAsync(path, text, ct);
            return 0;
        }
        finally
        {
            TestEnvironment.DeleteWorkDirectory(work);
        }
    }

    private static Uri Url(ServedBy server, string relativePath) => new(server.BaseAddress, relativePath);

    /// <summary>Both servers must answer every file with exactly its bytes before anything is measured.</summary>
    private static async Task CheckContentAsync(ServedBy[] servers, Dictionary<ServeCase, (string Path, byte[] Content)> files, CancellationToken ct)
    {
        using var http = new HttpClient();
        foreach (var server in servers)
        {
            foreach (var (serveCase, (path, content)) in files)
            {
                var served = await http.GetByteArrayAsync(Url(server, path), ct);
                if (!served.AsSpan().SequenceEqual(content))
                {
                    throw new InvalidOperationException($"{server.Name} served {served.Length} bytes for the {serveCase.Name} file, not its {content.Length} bytes");
                }
            }
        }
    }

    private static async Task<string> UptimeAsync(CancellationToken ct) => (await ProcessOutput.RunAsync("uptime", [], ct)).Trim();
}
