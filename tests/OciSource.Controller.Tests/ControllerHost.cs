using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Controller.Hosting;
using OciSource.Controller.Reconciliation;
using OciSource.Runtime.Hosting;
using OciSource.Storage;
using OciSource.Testing;
using OciSource.Testing.Kube;
using OciSource.Testing.Processes;

namespace OciSource.Controller.Tests;

/// <summary>
/// The controller composed as <c>Program</c> composes it, in-process, watching one test namespace of the real API
/// server, with a private store directory and its artifact server on a free loopback port.
/// </summary>
internal sealed class ControllerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ControllerHost(IHost host, Kubernetes client, string ns, string storeRoot, Uri artifactBase)
    {
        _host = host;
        Client = client;
        Namespace = ns;
        StoreRoot = storeRoot;
        ArtifactBase = artifactBase;
    }

    public Kubernetes Client { get; }

    public string Namespace { get; }

    public string StoreRoot { get; }

    public Uri ArtifactBase { get; }

    /// <summary>Where the controller serves <c>/metrics</c>.</summary>
    public Uri MetricsAddress => _host.Services.GetRequiredService<EndpointsHostedService>().MetricsAddress!;

    public static async Task<ControllerHost> StartAsync(KubeApiFixture kube, CancellationToken cancellationToken, params string[] extraFlags)
    {
        var ns = await kube.CreateNamespaceAsync("ctrl", cancellationToken);
        var storeRoot = TestEnvironment.CreateWorkDirectory("store");
        var port = FreePort.Next();
        var flags = FlagParser.Parse(
            [
                "--watch-all-namespaces=false", "--health-addr=127.0.0.1:0", "--metrics-addr=127.0.0.1:0", "--log-encoding=console", "--log-level=error",
                "--min-retry-delay=200ms", "--max-retry-delay=2s", $"--storage-path={storeRoot}", $"--storage-addr=127.0.0.1:{port}", .. extraFlags,
            ],
            RuntimeOptions.BooleanFlags);
        var runtime = RuntimeOptions.FromFlags(flags, name => name == "RUNTIME_NAMESPACE" ? ns : null);
        var storage = StorageFlags.FromFlags(flags, _ => null);
        var builder = Host.CreateApplicationBuilder();
        var client = kube.CreateClient();
        builder.Services.AddSingleton<IKubernetes>(kube.CreateClient());
        builder.Services.AddControllerRuntime(runtime);
        builder.Services.AddOciRepositoryController(runtime, storage, ReconcilerOptions.FromFlags(flags, runtime));
        var host = builder.Build();
        await host.Services.GetRequiredService<ArtifactStore>().InitializeAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        return new ControllerHost(host, client, ns, storeRoot, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async Task<OCIRepository> ApplyAsync(string name, OCIRepositorySpec spec, CancellationToken cancellationToken)
    {
        var obj = new OCIRepository { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace }, Spec = spec };
        return await Client.CustomObjects.CreateNamespacedCustomObjectAsync<OCIRepository>(
            obj, SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, cancellationToken: cancellationToken);
    }

    public async Task<OCIRepository> GetAsync(string name, CancellationToken cancellationToken) =>
        await Client.CustomObjects.GetNamespacedCustomObjectAsync<OCIRepository>(SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, name, cancellationToken);

    /// <summary>Polls the object until <paramref name="done"/> holds (up to 30 s); the failure message shows its last status.</summary>
    public async Task<OCIRepository> WaitAsync(string name, Func<OCIRepository, bool> done, string what, CancellationToken cancellationToken)
    {
        OCIRepository? last = null;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            last = await GetAsync(name, cancellationToken);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new Xunit.Sdk.XunitException($"{what} did not happen; last status:\n{JsonSerializer.Serialize(last?.Status)}");
    }

    public static V1Condition? Condition(OCIRepository obj, string type) => obj.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsReady(OCIRepository obj) =>
        Condition(obj, ConditionTypes.Ready)?.Status == "True" && obj.Status?.ObservedGeneration == obj.Metadata.Generation;

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        Client.Dispose();
        TestEnvironment.DeleteWorkDirectory(StoreRoot);
    }
}
