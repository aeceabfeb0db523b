using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing;
using OciSource.Testing.Kube;
using OciSource.Testing.Processes;
using OciSource.Testing.Registry;

namespace OciSource.Controller.Tests.Cloud;

/// <summary>
/// <c>spec.provider</c> end to end: the real API server (with the test front's TokenRequest API) and the real
/// distribution registry in token-auth mode, whose token server accepts only the credential a cloud simulator issued.
/// The cloud endpoints themselves are loopback simulators built from the providers' published APIs (no cloud is
/// reachable here), reached by the providers' SDKs through their documented endpoint settings.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed partial class CloudProviderControllerTests(KubeApiFixture kube, TokenRegistryFixture registry) : IClassFixture<TokenRegistryFixture>, IAsyncLifetime
{
    private const string FluxContent = "application/vnd.cncf.flux.content.v1.tar+gzip";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("cloud-controller");
    private readonly List<ControllerHost> _hosts = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RegistryServer Registry => registry.Server;

    private TokenServer Tokens => registry.Server.TokenServer!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Flux: <c>serviceAccountName</c> with a provider needs the gate; without it the object stalls, and nothing is asked of anyone.</summary>
    [Fact]
    public async Task ServiceAccountNameWithoutTheGate_StallsWithFeatureGateDisabled()
    {
        var host = await StartAsync(null);
        await CreateServiceAccountAsync(host, "workload", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::123456789012:role/reader" });
        var requestsBefore = Tokens.Requests.Count;
        var issuedBefore = kube.ServiceAccountTokens.Issued.Count;
        var spec = new OCIRepositorySpec { Url = "oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app", Interval = "10m", Provider = "aws", ServiceAccountName = "workload" };

        await host.ApplyAsync("gated", spec, Ct);
        var obj = await host.WaitAsync("gated", o => ControllerHost.Condition(o, ConditionTypes.Stalled)?.Status == "True", "Stalled=True", Ct);

        var stalled = ControllerHost.Condition(obj, ConditionTypes.Stalled)!;
        const string Message = "to use spec.serviceAccountName for provider authentication please enable the ObjectLevelWorkloadIdentity feature gate in the controller";
        Assert.Equal((Reasons.FeatureGateDisabled, Message), (stalled.Reason, stalled.Message));
        Assert.Equal(("False", Reasons.FeatureGateDisabled), (ControllerHost.Condition(obj, ConditionTypes.Ready)!.Status, ControllerHost.Condition(obj, ConditionTypes.Ready)!.Reason));
        Assert.Equal(requestsBefore, Tokens.Requests.Count);
        Assert.Equal(issuedBefore, kube.ServiceAccountTokens.Issued.Count);
    }

    /// <summary>Flux uses the provider only when the keychain is anonymous: with a pull secret the provider is never asked.</summary>
    [Fact]
    public async Task PullSecretPresent_TheProviderIsNotUsed()
    {
        var host = await StartAsync(null);
        await PushAsync("cloud/static", "v1", "static");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Registry.Credential!.UserName}:{Registry.Credential.Password}"));
        await host.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "pull", NamespaceProperty = host.Namespace },
                Type = "kubernetes.io/dockerconfigjson",
                StringData = new Dictionary<string, string> { [".dockerconfigjson"] = $"{{\"auths\":{{\"{Registry.Host}\":{{\"auth\":\"{auth}\"}}}}}}" },
            },
            host.Namespace,
            cancellationToken: Ct);
        var spec = new OCIRepositorySpec
        {
            Url = $"oci://{Registry.Host}/cloud/static",
            Interval = "10m",
            Insecure = true,
            Provider = "aws",
            SecretRef = new LocalObjectReference { Name = "pull" },
            Reference = new OCIRepositoryRef { Tag = "v1" },
        };

        await host.ApplyAsync("static", spec, Ct);
        var obj = await host.WaitAsync("static", o => ControllerHost.IsReady(o) || ControllerHost.Condition(o, ConditionTypes.FetchFailed) is not null, "Ready or FetchFailed", Ct);

        Assert.True(ControllerHost.IsReady(obj), ControllerHost.Condition(obj, ConditionTypes.FetchFailed)?.Message);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        TestEnvironment.DeleteWorkDirectory(_work);
    }

    private async Task<ControllerHost> StartAsync(Action<IServiceCollection>? services, params string[] flags)
    {
        var host = await ControllerHost.StartAsync(kube, null, FreePort.Next, services, Ct, flags);
        _hosts.Add(host);
        return host;
    }

    private static async Task CreateServiceAccountAsync(ControllerHost host, string name, Dictionary<string, string> annotations) =>
        await host.Client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = host.Namespace, Annotations = annotations } },
            host.Namespace,
            cancellationToken: Ct);

    /// <summary>Pushes one file as a Flux content layer with oras (the registry's own credentials); returns the manifest digest.</summary>
    private async Task<string> PushAsync(string repository, string tag, string content)
    {
        var layer = Path.Combine(_work, $"{Guid.NewGuid():N}.tar.gz");
        await ArtifactContent.WriteTarGzAsync(layer, new Dictionary<string, string> { ["a.yaml"] = content }, Ct);
        var push = await registry.Tools.RunAsync(
            registry.Tools.Oras,
            ["push", $"{Registry.Host}/{repository}:{tag}", $"{Path.GetFileName(layer)}:{FluxContent}", .. Registry.OrasConnectionArguments()],
            Ct,
            workingDirectory: _work);
        return DigestLine().Match(push.StandardOutput).Groups[1].Value;
    }

    [GeneratedRegex(@"Digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
