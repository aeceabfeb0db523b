using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Controller.Tests;

/// <summary>
/// Issue 15 point 12 at the controller: with <c>--feature-gates=CacheSecretsAndConfigMaps=true</c> Secrets are read
/// from an informer cache (list + watch), not fetched one by one, and a Secret created after the start is seen.
/// </summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task CacheSecretsAndConfigMapsGate_ReadsSecretsFromTheInformerCacheAndSeesLaterChanges()
    {
        Assert.SkipWhen(kube.IsExternalCluster, "the refused GET comes from the local API server's front");
        await using var cached = await ControllerHost.StartAsync(kube, Ct, "--feature-gates=CacheSecretsAndConfigMaps=true");
        await PushManifestsAsync("ctrl/cached-secret", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        const string SecretName = "cached-creds";

        // A GET of this Secret is refused (403); listing and watching the namespace's Secrets still work. A reconciler
        // that fetched the Secret would fail with the 403 message; one that reads its cache does not ask.
        kube.ForbidCoreObject("secrets", cached.Namespace, SecretName);
        var spec = Spec("ctrl/cached-secret", new OCIRepositoryRef { Tag = "v1" }) with { SecretRef = new LocalObjectReference { Name = SecretName } };
        await cached.ApplyAsync("cached", spec, Ct);
        var missing = await cached.WaitAsync("cached", o => ControllerHost.Condition(o, ConditionTypes.Ready)?.Status == "False", "Ready=False", Ct);

        var notFound = ControllerHost.Condition(missing, ConditionTypes.Ready)!;
        Assert.Equal(Reasons.AuthenticationFailed, notFound.Reason);
        Assert.Contains($"failed to get secret '{cached.Namespace}/{SecretName}': secrets \"{SecretName}\" not found", notFound.Message, StringComparison.Ordinal);

        var auth = Convert.ToBase64String("user:password"u8.ToArray());
        await cached.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = SecretName, NamespaceProperty = cached.Namespace },
                Type = "kubernetes.io/dockerconfigjson",
                StringData = new Dictionary<string, string> { [".dockerconfigjson"] = $"{{\"auths\":{{\"{Registry.Host}\":{{\"auth\":\"{auth}\"}}}}}}" },
            },
            cached.Namespace,
            cancellationToken: Ct);
        var ready = await cached.WaitAsync("cached", ControllerHost.IsReady, "Ready once the Secret reached the cache", Ct);

        Assert.NotNull(ready.Status?.Artifact);
    }

    /// <summary>A Secret missing from the cache reads as Flux's not-found text, the same as a missing one fetched by GET.</summary>
    [Fact]
    public async Task CacheSecretsAndConfigMapsGate_MissingProxySecret_IsFluxsNotFoundText()
    {
        await using var cached = await ControllerHost.StartAsync(kube, Ct, "--feature-gates=CacheSecretsAndConfigMaps=true");
        var spec = Spec("ctrl/app", null) with { ProxySecretRef = new LocalObjectReference { Name = "no-proxy" } };

        await cached.ApplyAsync("cached-proxy", spec, Ct);
        var (_, failed) = await WaitForFetchFailedAsync(cached, "cached-proxy");

        Assert.Equal($"failed to get proxy address: secret '{cached.Namespace}/no-proxy' not found", failed.Message);
    }
}
