using System.Text.Json;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing;
using OciSource.Testing.Kube;
using OciSource.Testing.Processes;
using OciSource.Testing.Registry;
using Xunit.Sdk;

namespace OciSource.Controller.Tests;

/// <summary>
/// Target R2: the real controller process is killed with SIGKILL at random points of pulling, extracting and archiving,
/// many times over one store. After every kill, every stored blob hashes to its name, every link leads to a blob,
/// and the object's recorded artifact is intact; a restart removes the temporary leftovers and serves the artifact
/// the status names. <c>OCISOURCE_CRASH_ITERATIONS</c> overrides the number of kills (default 100).
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed partial class CrashTests(KubeApiFixture kube, RegistryFixture registry) : IAsyncLifetime
{
    private const int Versions = 4;
    private const string FluxContent = "application/vnd.cncf.flux.content.v1.tar+gzip";
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan MaxKillDelay = TimeSpan.FromMilliseconds(400);
    private readonly string _work = TestEnvironment.CreateWorkDirectory("crash");
    private readonly Kubernetes _client = kube.CreateClient();
    private string _namespace = string.Empty;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Store => Path.Combine(_work, "store");

    private string TempArea => Path.Combine(Store, ".tmp");

    public async ValueTask InitializeAsync()
    {
        _namespace = await kube.CreateNamespaceAsync("crash", Ct);
        Directory.CreateDirectory(Store);
    }

    [Theory]
    [InlineData(ControllerBuild.Jit)]
    [InlineData(ControllerBuild.Aot)]
    public async Task KilledAtRandomPoints_NeverLeavesACorruptArtifactAndRecoversOnRestart(ControllerBuild build)
    {
        var executable = ControllerExecutable.For(build);
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("OCISOURCE_CRASH_ITERATIONS"), out var n) ? n : 100;
        var revisions = new List<string>();
        for (var v = 0; v < Versions; v++)
        {
            revisions.Add($"v{v}@" + await PushRandomLayerAsync($"v{v}"));
        }

        var obj = new OCIRepository
        {
            Metadata = new V1ObjectMeta { Name = "crash", NamespaceProperty = _namespace },
            Spec = new OCIRepositorySpec { Url = $"oci://{registry.Server.Host}/crash/app", Interval = "10m", Reference = new OCIRepositoryRef { Tag = "v0" } },
        };
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, SourceApi.Group, OCIRepository.Version, _namespace, SourceApi.Plural, cancellationToken: Ct);

        var killedWhileWriting = 0;
        for (var i = 0; i < iterations; i++)
        {
            await SetTagAsync($"v{(i + 1) % Versions}");
            await using (var controller = StartController(executable, $"iteration-{i}"))
            {
                if (await WaitForWriteAsync(controller, revisions[(i + 1) % Versions]))
                {
                    await Task.Delay(Random.Shared.Next((int)MaxKillDelay.TotalMilliseconds), Ct);
                }
            }

            if (Directory.Exists(TempArea) && Directory.EnumerateFileSystemEntries(TempArea).Any())
            {
                killedWhileWriting++;
            }

            await AssertStoreIsIntactAsync($"after kill {i}");
        }

        Assert.True(
            killedWhileWriting >= iterations / 4,
            $"only {killedWhileWriting} of {iterations} kills landed while a file was being written; the test did not exercise the window");

        var leftovers = Directory.EnumerateFileSystemEntries(TempArea).ToList();
        var expected = revisions[iterations % Versions];
        await SetTagAsync(expected[..expected.IndexOf('@', StringComparison.Ordinal)]);
        await using var final = StartController(executable, "final");
        var ready = await WaitForRevisionAsync(final, expected);

        Assert.All(leftovers, path => Assert.False(Path.Exists(path), $"{path} survived the restart"));
        using var http = new HttpClient();
        var served = await http.GetByteArrayAsync(new Uri(ready.Status!.Artifact!.Url), Ct);
        Assert.Equal(ready.Status.Artifact.Digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(served)));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Task.CompletedTask;
        TestEnvironment.DeleteWorkDirectory(_work);
    }

    /// <summary>Pushes ~8 MiB of incompressible files as a Flux content layer (so pull, extract and archive take a while).</summary>
    private async Task<string> PushRandomLayerAsync(string tag)
    {
        var layer = Path.Combine(_work, $"{tag}.tar.gz");
        await using (var file = File.Create(layer))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            for (var f = 0; f < 4; f++)
            {
                var bytes = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, $"data/{f}.bin") { DataStream = new MemoryStream(bytes) }, Ct);
            }
        }

        var push = await registry.Tools.RunAsync(
            registry.Tools.Oras, ["push", $"{registry.Server.Host}/crash/app:{tag}", $"{Path.GetFileName(layer)}:{FluxContent}", "--plain-http"], Ct, workingDirectory: _work);
        return DigestLine().Match(push.StandardOutput).Groups[1].Value;
    }

    private ManagedProcess StartController(string executable, string name) =>
        ManagedProcess.Start(
            name,
            executable,
            [
                "--watch-all-namespaces=false", "--log-encoding=console", "--log-level=error", $"--storage-path={Store}",
                $"--storage-addr=127.0.0.1:{FreePort.Next()}", $"--health-addr=127.0.0.1:{FreePort.Next()}", $"--metrics-addr=127.0.0.1:{FreePort.Next()}",
            ],
            _work,
            new Dictionary<string, string> { ["KUBECONFIG"] = kube.KubeconfigPath, ["RUNTIME_NAMESPACE"] = _namespace });

    /// <summary>
    /// Waits for a sign of where the process is: true once it has a file or directory in the store's temporary area (a
    /// write is under way); false once it has stored <paramref name="revision"/> without being seen writing, or exited.
    /// No time limit decides (a loaded machine starts the process slowly); 120 s without either sign fail the test.
    /// </summary>
    private async Task<bool> WaitForWriteAsync(ManagedProcess controller, string revision)
    {
        var clock = Stopwatch.StartNew();
        var nextStatusCheck = TimeSpan.Zero;
        while (!controller.HasExited)
        {
            if (Directory.Exists(TempArea) && Directory.EnumerateFileSystemEntries(TempArea).Any())
            {
                return true;
            }

            if (clock.Elapsed >= nextStatusCheck)
            {
                if (IsReadyAt(await GetAsync(), revision))
                {
                    return false;
                }

                Assert.True(clock.Elapsed < StartWait, $"the controller neither wrote nor stored {revision} within {StartWait}\n{controller.Tail()}");
                nextStatusCheck = clock.Elapsed + TimeSpan.FromMilliseconds(100);
            }

            await Task.Delay(5, Ct);
        }

        return false;
    }

    private async Task AssertStoreIsIntactAsync(string when)
    {
        var blobs = Path.Combine(Store, "blobs", "sha256");
        foreach (var blob in Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs) : [])
        {
            Assert.True(Path.GetFileName(blob) == await HashAsync(blob), $"{when}: blob {blob} does not hash to its name");
        }

        var directory = Path.Combine(Store, "ocirepository", _namespace, "crash");
        foreach (var link in Directory.Exists(directory) ? Directory.EnumerateFileSystemEntries(directory) : [])
        {
            Assert.True(File.Exists(link), $"{when}: {link} leads nowhere");
        }

        var obj = await GetAsync();
        if (obj.Status?.Artifact is { } artifact)
        {
            var path = Path.Combine(Store, artifact.Path);
            Assert.True(File.Exists(path), $"{when}: the recorded artifact {artifact.Path} is missing");
            Assert.Equal(artifact.Digest, "sha256:" + await HashAsync(path));
        }
    }

    private async Task<OCIRepository> WaitForRevisionAsync(ManagedProcess controller, string revision)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartWait)
        {
            var obj = await GetAsync();
            if (IsReadyAt(obj, revision))
            {
                return obj;
            }

            await Task.Delay(100, Ct);
        }

        throw new XunitException($"revision {revision} was not stored after the restart\n{controller.Tail()}");
    }

    private static bool IsReadyAt(OCIRepository obj, string revision) =>
        obj.Status?.Artifact?.Revision == revision && obj.Status.Conditions?.Any(c => c is { Type: ConditionTypes.Ready, Status: "True" }) == true;

    private Task<OCIRepository> GetAsync() =>
        _client.CustomObjects.GetNamespacedCustomObjectAsync<OCIRepository>(
            SourceApi.Group, OCIRepository.Version, _namespace, SourceApi.Plural, "crash", cancellationToken: Ct);

    private async Task SetTagAsync(string tag) =>
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(JsonSerializer.Serialize(new { spec = new { @ref = new { tag } } }, TestJson.Options), V1Patch.PatchType.MergePatch),
            SourceApi.Group, OCIRepository.Version, _namespace, SourceApi.Plural, "crash", cancellationToken: Ct);

    private static async Task<string> HashAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, Ct));
    }

    [GeneratedRegex(@"Digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
