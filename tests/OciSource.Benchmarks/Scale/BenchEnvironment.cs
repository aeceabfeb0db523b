using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing;
using OciSource.Testing.Kube;
using OciSource.Testing.Registry;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// The real local environment of the controller scenarios: the CNCF registry behind a <see cref="TamperingFront"/>
/// (which only logs: objects point at the front, so every registry request of the controller is counted), and etcd +
/// apiextensions-apiserver (<see cref="KubeApiFixture"/>). Pushes artifacts, creates objects in parallel, and reads
/// the API server's own request counters.
/// </summary>
internal sealed partial class BenchEnvironment : IAsyncDisposable
{
    public const string FluxContent = "application/vnd.cncf.flux.content.v1.tar+gzip";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private BenchEnvironment(Tools tools, RegistryServer registry, TamperingFront front, KubeApiFixture kube, string work)
    {
        Tools = tools;
        Registry = registry;
        Front = front;
        Kube = kube;
        WorkDirectory = work;
        Client = kube.CreateClient();
    }

    public Tools Tools { get; }

    public RegistryServer Registry { get; }

    /// <summary>The logging front the objects' URLs name.</summary>
    public TamperingFront Front { get; }

    public KubeApiFixture Kube { get; }

    /// <summary>An unthrottled client of the benchmark itself.</summary>
    public Kubernetes Client { get; }

    /// <summary>Scratch space; the controller's log and store go here.</summary>
    public string WorkDirectory { get; }

    public static async Task<BenchEnvironment> StartAsync(string purpose, CancellationToken cancellationToken)
    {
        var tools = new Tools();
        var registry = await RegistryServer.StartAsync(tools, RegistryAuth.Anonymous, cancellationToken);
        var front = await TamperingFront.StartAsync(registry, cancellationToken);
        var kube = new KubeApiFixture();
        await kube.InitializeAsync();
        return new BenchEnvironment(tools, registry, front, kube, TestEnvironment.CreateWorkDirectory(purpose));
    }

    /// <summary>The processes of the environment, by role, for CPU accounting.</summary>
    public IReadOnlyList<(string Role, int Pid)> Processes =>
    [
        ("etcd", Kube.ProcessIds[0]),
        ("apiextensions-apiserver", Kube.ProcessIds[1]),
        ("registry", Registry.ProcessId),
        ("benchmark (API + registry fronts, creates, watch)", Environment.ProcessId),
    ];

    /// <summary>
    /// Pushes a Flux content layer (a gzipped tar of <paramref name="files"/>) as <c>repository:tag</c> with oras,
    /// with <paramref name="annotation"/> as a manifest annotation (so equal content can have distinct manifests).
    /// Returns the manifest digest and the layer's size.
    /// </summary>
    public async Task<(string Digest, long LayerSize)> PushAsync(
        string repository, string tag, IReadOnlyDictionary<string, byte[]> files, string annotation, CancellationToken cancellationToken)
    {
        var layer = Path.Combine(WorkDirectory, $"layer-{Guid.NewGuid():N}.tar.gz");
        await using (var file = File.Create(layer))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in files)
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) }, cancellationToken);
            }
        }

        var push = await Tools.RunAsync(
            Tools.Oras,
            ["push", $"{Registry.Host}/{repository}:{tag}", $"{Path.GetFileName(layer)}:{FluxContent}", "--plain-http", "--annotation", $"bench={annotation}"],
            cancellationToken,
            workingDirectory: WorkDirectory);
        var size = new FileInfo(layer).Length;
        File.Delete(layer);
        return (DigestLine().Match(push.StandardOutput).Groups[1].Value, size);
    }

    /// <summary>The namespace of object number <paramref name="index"/> when objects are spread over <paramref name="namespaces"/>.</summary>
    public static string NamespaceOf(int index, int namespaces) => $"bench-{index % namespaces:D3}";

    /// <summary>The name of object number <paramref name="index"/>.</summary>
    public static string NameOf(int index) => $"app-{index:D5}";

    /// <summary>
    /// Creates <paramref name="count"/> OCIRepositories (<see cref="NameOf"/> in <see cref="NamespaceOf"/>), with at
    /// most <paramref name="concurrency"/> creates in flight; <paramref name="repositoryOf"/> names each object's
    /// repository at the front (tag <c>latest</c>). Returns how long the creates took.
    /// </summary>
    public async Task<TimeSpan> CreateObjectsAsync(
        int count, int namespaces, int concurrency, string interval, Func<int, string> repositoryOf, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var ns = NamespaceOf(i, namespaces);
            var obj = new OCIRepository
            {
                Metadata = new V1ObjectMeta { Name = NameOf(i), NamespaceProperty = ns },
                Spec = new OCIRepositorySpec
                {
                    Url = $"oci://{Front.Host}/{repositoryOf(i)}",
                    Interval = interval,
                    Insecure = true,
                    Reference = new OCIRepositoryRef { Tag = "latest" },
                },
            };
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, SourceApi.Group, OCIRepository.Version, ns, SourceApi.Plural, cancellationToken: ct);
        });
        return clock.Elapsed;
    }

    /// <summary>The API server's <c>/metrics</c> (through the fixture's front, with its admin certificate).</summary>
    public async Task<PrometheusText> ScrapeApiServerAsync(CancellationToken cancellationToken) =>
        new(await Http.GetStringAsync(new Uri(new Uri(Kube.Configuration.Host), "/metrics"), cancellationToken));

    /// <summary>CPU seconds so far of each process of the environment.</summary>
    public Dictionary<string, double> CpuSeconds() => Processes.ToDictionary(p => p.Role, p => ProcessStats.CpuSeconds(p.Pid));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Kube.DisposeAsync();
        await Front.DisposeAsync();
        await Registry.DisposeAsync();
        Tools.Dispose();
        TestEnvironment.DeleteWorkDirectory(WorkDirectory);
    }

    [GeneratedRegex(@"Digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
