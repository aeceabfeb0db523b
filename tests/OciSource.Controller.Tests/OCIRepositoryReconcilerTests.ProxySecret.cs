using k8s;
using k8s.Models;
using OciSource.Api.V1;
using OciSource.Testing.Proxies;

namespace OciSource.Controller.Tests;

public sealed partial class OCIRepositoryReconcilerTests
{
    [Fact]
    public async Task ProxyAddressWithUserInfo_RefusedByTheProxy_NeverShowsTheSecretInConditionsOrEvents()
    {
        await using var proxy = await ProxyServer.StartHttpAsync(Ct);
        const string wrong = "wrong-proxy-password-0815";
        await _controller.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "proxy-userinfo", NamespaceProperty = _controller.Namespace },
                StringData = new Dictionary<string, string> { ["address"] = $"http://{proxy.Credential.UserName}:{wrong}@{proxy.Address.Authority}" },
            },
            _controller.Namespace,
            cancellationToken: Ct);
        // Not a local name: HTTPS only, so the proxy's refusal is the failure.
        var spec = new OCIRepositorySpec
        {
            Url = "oci://registry.ocisource.invalid/app",
            Interval = "10m",
            Reference = new OCIRepositoryRef { Tag = "v1" },
            ProxySecretRef = new LocalObjectReference { Name = "proxy-userinfo" },
        };

        await _controller.ApplyAsync("proxied", spec, Ct);
        var (_, failed) = await WaitForFetchFailedAsync(_controller, "proxied");
        var warning = await WaitForEventAsync("proxied", failed.Reason);

        Assert.Contains($"proxy 'http://{proxy.Address.Authority}/' failed", failed.Message, StringComparison.Ordinal);
        foreach (var text in new[] { failed.Message, warning.Note })
        {
            Assert.DoesNotContain(wrong, text, StringComparison.Ordinal);
            Assert.DoesNotContain($"{proxy.Credential.UserName}:", text, StringComparison.Ordinal);
        }
    }
}
