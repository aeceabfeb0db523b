using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Registry;

namespace OciSource.Controller.Tests;

/// <summary>
/// The source step as Flux's source-controller runs it: what <c>spec.timeout</c> bounds, the order of credentials →
/// proxy → provider → TLS → URL, Flux's messages for missing or malformed Secrets, the Secret types k8schain reads,
/// <c>ref.digest</c> validation, and cloud providers refusing a registry that is not theirs.
/// </summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    /// <summary>
    /// Flux bounds only cloud authentication and verification with <c>spec.timeout</c>; a download is bounded by the
    /// transport's idle timeout. The stall lasts at least three times <c>spec.timeout</c> (a wall-clock wait that only
    /// makes the scenario: nothing is asserted about time). Success must come from that one request: a timed-out attempt
    /// would show as a second blob request (the retry) and a Warning event.
    /// </summary>
    [Fact]
    public async Task BlobStallLongerThanSpecTimeout_DownloadContinuesAndSucceeds()
    {
        var content = RandomNumberGenerator.GetBytes(128 * 1024);
        var layer = Path.Combine(_work, "stalled.bin");
        await File.WriteAllBytesAsync(layer, content, Ct);
        await PushLayerAsync("ctrl/stalled", "v1", layer);
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stall = front.AddFault(HttpMethod.Get, "/blobs/", Fault.StallUntil(16 * 1024, release.Task));
        var spec = new OCIRepositorySpec
        {
            Url = $"oci://{front.Host}/ctrl/stalled",
            Interval = "10m",
            Timeout = "1s",
            Reference = new OCIRepositoryRef { Tag = "v1" },
            LayerSelector = new OCILayerSelector { MediaType = FluxContent, Operation = "copy" },
        };

        await _controller.ApplyAsync("stalled", spec, Ct);
        while (stall.Applied == 0)
        {
            await Task.Delay(20, Ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        release.SetResult();
        var obj = await _controller.WaitAsync(
            "stalled", o => ControllerHost.IsReady(o) || ControllerHost.Condition(o, ConditionTypes.FetchFailed) is not null, "Ready=True or FetchFailed", Ct);

        Assert.Null(ControllerHost.Condition(obj, ConditionTypes.FetchFailed));
        Assert.True(ControllerHost.IsReady(obj));
        Assert.Equal(content, await Http.GetByteArrayAsync(new Uri(obj.Status!.Artifact!.Url), Ct));
        Assert.Single(front.Requests, r => r.Method == "GET" && r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal));
        var events = await _controller.Client.EventsV1.ListNamespacedEventAsync(_controller.Namespace, cancellationToken: Ct);
        Assert.DoesNotContain(events.Items, e => e.Regarding?.Name == "stalled" && e.Type == "Warning");
    }

    [Fact]
    public async Task MissingAuthSecret_RecordsFluxTraceEventAsNormal()
    {
        await _controller.ApplyAsync("trace", Spec("ctrl/private", null) with { SecretRef = new LocalObjectReference { Name = "absent" } }, Ct);

        var trace = await WaitForEventNoteAsync("trace", "auth secret 'absent' not found");

        Assert.Equal(("Normal", Reasons.AuthenticationFailed), (trace.Type, trace.Reason));
    }

    /// <summary>Flux parses the URL only after credentials, proxy, provider and TLS: a bad URL with a missing Secret is retried, not stalled.</summary>
    [Fact]
    public async Task BadUrlAndMissingSecret_FailsWithAuthenticationFailedAndRetries()
    {
        var spec = Spec("ctrl/app:v1", null) with { SecretRef = new LocalObjectReference { Name = "absent" } };

        await _controller.ApplyAsync("badurl-nosecret", spec, Ct);
        var (obj, failed) = await WaitForFetchFailedAsync(_controller, "badurl-nosecret");

        Assert.Equal(Reasons.AuthenticationFailed, failed.Reason);
        Assert.Null(ControllerHost.Condition(obj, ConditionTypes.Stalled));
        Assert.Equal(Reasons.ProgressingWithRetry, ControllerHost.Condition(obj, ConditionTypes.Reconciling)!.Reason);
    }

    /// <summary>Flux reads the proxy Secret before building the TLS transport.</summary>
    [Fact]
    public async Task MissingProxyAndCertSecrets_TheProxyIsReportedFirst()
    {
        var spec = Spec("ctrl/app", null) with
        {
            CertSecretRef = new LocalObjectReference { Name = "no-tls" },
            ProxySecretRef = new LocalObjectReference { Name = "no-proxy" },
        };

        await _controller.ApplyAsync("order", spec, Ct);
        var (_, failed) = await WaitForFetchFailedAsync(_controller, "order");

        Assert.Equal($"failed to get proxy address: secret '{_controller.Namespace}/no-proxy' not found", failed.Message);
    }

    /// <summary>Flux's texts (fluxcd/pkg runtime/secrets) for each missing or incomplete credential object.</summary>
    [Theory]
    [InlineData("sa-missing")]
    [InlineData("sa-pull-secret-missing")]
    [InlineData("cert-missing")]
    [InlineData("cert-without-key")]
    [InlineData("key-without-cert")]
    [InlineData("cert-empty")]
    [InlineData("ca-garbage")]
    [InlineData("proxy-missing")]
    [InlineData("proxy-without-address")]
    [InlineData("proxy-too-long")]
    [InlineData("proxy-ftp")]
    public async Task CredentialObjectProblem_FailsWithFluxsMessage(string problem)
    {
        var ns = _controller.Namespace;
        var url = $"oci://{Registry.Host}/ctrl/app";
        var spec = Spec("ctrl/app", null);
        string expected;
        switch (problem)
        {
            case "sa-missing":
                spec = spec with { ServiceAccountName = "nobody" };
                expected = $"failed to get credential: serviceaccount '{ns}/nobody' not found";
                break;
            case "sa-pull-secret-missing":
                await _controller.Client.CoreV1.CreateNamespacedServiceAccountAsync(
                    new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "puller", NamespaceProperty = ns }, ImagePullSecrets = [new V1LocalObjectReference { Name = "gone" }] },
                    ns,
                    cancellationToken: Ct);
                spec = spec with { ServiceAccountName = "puller" };
                expected = $"failed to get credential: failed to get image pull secret for serviceaccount '{ns}/puller': secret '{ns}/gone' not found";
                break;
            case "cert-missing":
                spec = spec with { CertSecretRef = new LocalObjectReference { Name = "no-tls" } };
                expected = $"failed to generate transport for '{url}': secret '{ns}/no-tls' not found";
                break;
            case "cert-without-key":
                await CreateTypedSecretAsync("tls", new() { ["tls.crt"] = "x" });
                spec = spec with { CertSecretRef = new LocalObjectReference { Name = "tls" } };
                expected = $"failed to generate transport for '{url}': secret '{ns}/tls' contains 'tls.crt' but missing 'tls.key'";
                break;
            case "key-without-cert":
                await CreateTypedSecretAsync("tls", new() { ["tls.key"] = "x" });
                spec = spec with { CertSecretRef = new LocalObjectReference { Name = "tls" } };
                expected = $"failed to generate transport for '{url}': secret '{ns}/tls' contains 'tls.key' but missing 'tls.crt'";
                break;
            case "cert-empty":
                await CreateTypedSecretAsync("tls", new() { ["other"] = "x" });
                spec = spec with { CertSecretRef = new LocalObjectReference { Name = "tls" } };
                expected = $"failed to generate transport for '{url}': secret '{ns}/tls' must contain either 'ca.crt' or both 'tls.crt' and 'tls.key'";
                break;
            case "ca-garbage":
                await CreateTypedSecretAsync("tls", new() { ["ca.crt"] = "not a certificate" });
                spec = spec with { CertSecretRef = new LocalObjectReference { Name = "tls" } };
                expected = $"failed to generate transport for '{url}': failed to parse CA certificate";
                break;
            case "proxy-missing":
                spec = spec with { ProxySecretRef = new LocalObjectReference { Name = "no-proxy" } };
                expected = $"failed to get proxy address: secret '{ns}/no-proxy' not found";
                break;
            case "proxy-without-address":
                await CreateTypedSecretAsync("proxy", new() { ["username"] = "u" });
                spec = spec with { ProxySecretRef = new LocalObjectReference { Name = "proxy" } };
                expected = $"failed to get proxy address: secret '{ns}/proxy': key 'address' not found";
                break;
            case "proxy-too-long":
                await CreateTypedSecretAsync("proxy", new() { ["address"] = "http://proxy.example/" + new string('a', 2048) });
                spec = spec with { ProxySecretRef = new LocalObjectReference { Name = "proxy" } };
                expected = $"failed to get proxy address: secret '{ns}/proxy': proxy URL exceeds maximum length of 2048 characters";
                break;
            default:
                await CreateTypedSecretAsync("proxy", new() { ["address"] = "ftp://proxy.example:21" });
                spec = spec with { ProxySecretRef = new LocalObjectReference { Name = "proxy" } };
                expected = $"failed to get proxy address: secret '{ns}/proxy': proxy URL must use one of the supported schemes (http, https, socks5), got 'ftp'";
                break;
        }

        await _controller.ApplyAsync(problem, spec, Ct);
        var (_, failed) = await WaitForFetchFailedAsync(_controller, problem);

        Assert.Equal((Reasons.AuthenticationFailed, expected), (failed.Reason, failed.Message));
    }

    /// <summary>
    /// go-containerregistry's k8schain reads <c>.dockerconfigjson</c> only from a <c>kubernetes.io/dockerconfigjson</c>
    /// Secret; any other Secret adds nothing, silently: the same credentials in an Opaque Secret pull anonymously and
    /// are refused by the registry, as with Flux.
    /// </summary>
    [Fact]
    public async Task DockerConfigInAnOpaqueSecret_AddsNoCredentials()
    {
        await using var tokenRegistry = await RegistryServer.StartAsync(registry.Tools, RegistryAuth.Token, Ct);
        var credential = tokenRegistry.Credential!;
        await File.WriteAllTextAsync(Path.Combine(_work, "a.txt"), "private", Ct);
        await registry.Tools.RunAsync(
            registry.Tools.Oras, ["push", $"{tokenRegistry.Host}/ctrl/private:v1", $"a.txt:{FluxContent}", .. tokenRegistry.OrasConnectionArguments()], Ct, workingDirectory: _work);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}"));
        var config = "{\"auths\":{\"" + tokenRegistry.Host + "\":{\"auth\":\"" + auth + "\"}}}";
        await CreateTypedSecretAsync("typed", new() { [".dockerconfigjson"] = config }, "kubernetes.io/dockerconfigjson");
        await CreateTypedSecretAsync("opaque", new() { [".dockerconfigjson"] = config });
        var spec = new OCIRepositorySpec
        {
            Url = $"oci://{tokenRegistry.Host}/ctrl/private",
            Interval = "10m",
            Reference = new OCIRepositoryRef { Tag = "v1" },
            LayerSelector = new OCILayerSelector { MediaType = FluxContent, Operation = "copy" },
        };

        await _controller.ApplyAsync("typed", spec with { SecretRef = new LocalObjectReference { Name = "typed" } }, Ct);
        await _controller.ApplyAsync("opaque", spec with { SecretRef = new LocalObjectReference { Name = "opaque" } }, Ct);
        await _controller.WaitAsync("typed", ControllerHost.IsReady, "Ready=True", Ct);
        var (_, failed) = await WaitForFetchFailedAsync(_controller, "opaque");

        Assert.Equal(Reasons.OciArtifactPullFailed, failed.Reason);
        Assert.StartsWith("failed to determine artifact digest: ", failed.Message, StringComparison.Ordinal);
    }

    /// <summary>A Secret of another type is never parsed: its malformed <c>.dockerconfigjson</c> is no error, for the secretRef and for a ServiceAccount's pull secret.</summary>
    [Theory]
    [InlineData(".dockerconfigjson", false)]
    [InlineData(".dockercfg", false)]
    [InlineData(".dockerconfigjson", true)]
    public async Task MalformedDockerConfigInAnOpaqueSecret_IsIgnored(string key, bool viaServiceAccount)
    {
        await PushManifestsAsync("ctrl/ignored-secret", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await CreateTypedSecretAsync("untyped", new() { [key] = "{\"auths\": not json" });
        var spec = Spec("ctrl/ignored-secret", new OCIRepositoryRef { Tag = "v1" });
        if (viaServiceAccount)
        {
            await _controller.Client.CoreV1.CreateNamespacedServiceAccountAsync(
                new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "puller", NamespaceProperty = _controller.Namespace }, ImagePullSecrets = [new V1LocalObjectReference { Name = "untyped" }] },
                _controller.Namespace,
                cancellationToken: Ct);
            spec = spec with { ServiceAccountName = "puller" };
        }
        else
        {
            spec = spec with { SecretRef = new LocalObjectReference { Name = "untyped" } };
        }

        await _controller.ApplyAsync("untyped", spec, Ct);

        await _controller.WaitAsync("untyped", ControllerHost.IsReady, "Ready=True", Ct);
    }

    /// <summary>go-containerregistry's <c>v1.NewHash</c>: only <c>sha256:</c> and 64 lowercase hex digits, with its messages.</summary>
    [Theory]
    [InlineData("sha256:ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789", "found non-hex character in hash: A")]
    [InlineData("sha512:00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "unsupported hash: \"sha512\"")]
    [InlineData("sha256:abc", "wrong number of hex digits for sha256: abc")]
    [InlineData("nocolon", "cannot parse hash: \"nocolon\"")]
    public async Task InvalidDigestRef_FailsWithFluxsDigestMessage(string digest, string cause)
    {
        var name = $"digest-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(digest)))[..8]}";

        await _controller.ApplyAsync(name, Spec("ctrl/app", new OCIRepositoryRef { Digest = digest }), Ct);
        var (obj, failed) = await WaitForFetchFailedAsync(_controller, name);

        Assert.Equal((Reasons.OciArtifactPullFailed, $"failed to determine artifact digest: {cause}"), (failed.Reason, failed.Message));
        Assert.Null(ControllerHost.Condition(obj, ConditionTypes.Stalled));
    }

    /// <summary>
    /// A cloud provider is used when no pull secret exists, and a registry that is not the provider's fails with the
    /// provider's message before anything is sent: never an anonymous request to the registry.
    /// </summary>
    [Theory]
    [InlineData("aws", "invalid AWS registry: ")]
    [InlineData("azure", "invalid Azure registry: ")]
    [InlineData("gcp", "invalid GCP registry: ")]
    public async Task CloudProviderForARegistryNotItsOwn_FailsWithoutARegistryRequest(string provider, string cause)
    {
        await PushManifestsAsync("ctrl/cloud", "v1", new Dictionary<string, string> { ["a.yaml"] = "x" });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var name = $"cloud-{provider}";
        await _controller.ApplyAsync(name, new OCIRepositorySpec { Url = $"oci://{front.Host}/ctrl/cloud", Interval = "10m", Provider = provider }, Ct);
        var (_, failed) = await WaitForFetchFailedAsync(_controller, name);

        Assert.Equal(Reasons.AuthenticationFailed, failed.Reason);
        Assert.StartsWith($"failed to get credential from {provider}: {cause}", failed.Message, StringComparison.Ordinal);
        Assert.Empty(front.Requests);
    }

    private async Task CreateTypedSecretAsync(string name, Dictionary<string, string> data, string type = "Opaque") =>
        await _controller.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = _controller.Namespace }, Type = type, StringData = data },
            _controller.Namespace,
            cancellationToken: Ct);

    /// <summary>Waits for an event about <paramref name="name"/> with exactly <paramref name="note"/>.</summary>
    private async Task<Eventsv1Event> WaitForEventNoteAsync(string name, string note)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var events = await _controller.Client.EventsV1.ListNamespacedEventAsync(_controller.Namespace, cancellationToken: Ct);
            if (events.Items.FirstOrDefault(e => e.Note == note && e.Regarding?.Name == name) is { } found)
            {
                return found;
            }

            await Task.Delay(100, Ct);
        }

        throw new Xunit.Sdk.XunitException($"no event '{note}' about {name}");
    }
}
