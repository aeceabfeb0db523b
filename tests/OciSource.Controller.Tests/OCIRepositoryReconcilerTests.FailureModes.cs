using k8s;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Storage;
using OciSource.Testing.Kube;

namespace OciSource.Controller.Tests;

/// <summary>
/// Issue 13 points 9 and 15 at the controller: an oversized <c>.sourceignore</c> ends in <c>SourceIgnoreError</c>
/// with nothing stored; a Secret or ServiceAccount the controller may not read (403) ends in
/// <c>AuthenticationFailed</c> with the API server's own message.
/// </summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task OversizedSourceignore_FailsWithSourceIgnoreErrorAndStoresNothing()
    {
        var comments = string.Concat(Enumerable.Repeat(new string('#', 1023) + "\n", (SourceIgnore.MaxFileBytes / 1024) + 1));
        await PushManifestsAsync("ctrl/big-ignore", "v1", new Dictionary<string, string> { ["a.yaml"] = "x", [SourceIgnore.FileName] = comments });

        await _controller.ApplyAsync("bigignore", Spec("ctrl/big-ignore", new OCIRepositoryRef { Tag = "v1" }), Ct);
        var (_, failed) = await WaitForFetchFailedAsync(_controller, "bigignore");

        Assert.Equal(Reasons.SourceIgnoreError, failed.Reason);
        Assert.Contains(SourceIgnore.FileName, failed.Message, StringComparison.Ordinal);
        Assert.Contains(SourceIgnore.MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), failed.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync("bigignore");
    }

    [Theory]
    [InlineData("secretRef", "secrets")]
    [InlineData("certSecretRef", "secrets")]
    [InlineData("proxySecretRef", "secrets")]
    [InlineData("serviceAccountName", "serviceaccounts")]
    [InlineData("serviceAccountPullSecret", "secrets")]
    public async Task ForbiddenCredentialObject_FailsWithAuthenticationFailedAndTheApiServersMessage(string field, string resource)
    {
        Assert.SkipWhen(kube.IsExternalCluster, "the 403 comes from the local API server's front; an external cluster's RBAC is not set up for it");
        await PushManifestsAsync("ctrl/forbidden", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        var name = $"forbidden-{field.ToLowerInvariant()}";
        const string Denied = "denied";
        var spec = Spec("ctrl/forbidden", new OCIRepositoryRef { Tag = "v1" });
        spec = field switch
        {
            "secretRef" => spec with { SecretRef = new LocalObjectReference { Name = Denied } },
            "certSecretRef" => spec with { CertSecretRef = new LocalObjectReference { Name = Denied } },
            "proxySecretRef" => spec with { ProxySecretRef = new LocalObjectReference { Name = Denied } },
            _ => spec with { ServiceAccountName = field == "serviceAccountName" ? Denied : "puller" },
        };
        if (field == "serviceAccountPullSecret")
        {
            await _controller.Client.CoreV1.CreateNamespacedServiceAccountAsync(
                new k8s.Models.V1ServiceAccount
                {
                    Metadata = new k8s.Models.V1ObjectMeta { Name = "puller", NamespaceProperty = _controller.Namespace },
                    ImagePullSecrets = [new k8s.Models.V1LocalObjectReference { Name = Denied }],
                },
                _controller.Namespace,
                cancellationToken: Ct);
        }

        kube.ForbidCoreObject(resource, _controller.Namespace, Denied);
        await _controller.ApplyAsync(name, spec, Ct);
        var obj = await _controller.WaitAsync(name, o => ControllerHost.Condition(o, ConditionTypes.Ready)?.Status == "False", "Ready=False", Ct);

        var ready = ControllerHost.Condition(obj, ConditionTypes.Ready)!;
        Assert.Equal(Reasons.AuthenticationFailed, ready.Reason);
        Assert.Contains($"{resource} \"{Denied}\" is forbidden: User \"{CoreApiFront.ForbiddenUser}\" cannot get resource \"{resource}\"", ready.Message, StringComparison.Ordinal);
        Assert.Contains($"'{_controller.Namespace}/{Denied}'", ready.Message, StringComparison.Ordinal);
        await AssertNothingStoredAsync(name);
    }
}
