using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OciSource.Testing;
using OciSource.Testing.Kube;
using OciSource.Testing.Processes;
using OciSource.Testing.Registry;
using OciSource.Testing.Signing;

namespace OciSource.Demo;

/// <summary>
/// The local demo, step by step: registries (anonymous, and htpasswd + TLS) and an API server on loopback; a Kustomize
/// bundle pushed with oras and Helm charts pushed with helm; the controller started as a child process; the article's
/// v1beta2 OCIRepository manifests applied with kubectl; Ready awaited; every artifact downloaded with curl and checked
/// against <c>status.artifact.digest</c>; the bundle signed with cosign and verified (<c>SourceVerified</c>); a new chart
/// version pushed and picked up.
/// </summary>
internal static class DemoRun
{
    private const string Namespace = "flux-system";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string controllerDll)
    {
        var ct = CancellationToken.None;
        using var tools = new Tools();
        var work = TestEnvironment.CreateWorkDirectory("demo");
        Step("Starting a CNCF distribution registry (anonymous), one with TLS + htpasswd, and etcd + apiextensions-apiserver");
        await using var registry = await RegistryServer.StartAsync(tools, RegistryAuth.Anonymous, ct);
        await using var secure = await RegistryServer.StartAsync(tools, RegistryAuth.HtpasswdTls, ct);
        var kube = new KubeApiFixture();
        await kube.InitializeAsync();
        try
        {
            Step("Pushing a Kustomize bundle with oras and Helm charts with helm push");
            await PushBundleAsync(tools, registry, work, ct);
            await PushChartAsync(tools, secure, work, "1.0.0", ct);
            await PushChartAsync(tools, registry, work, "6.1.6", ct);

            Step("Signing the Kustomize bundle with cosign (a key pair, a v3 bundle attached as a referrer)");
            var cosign = new CosignSigner(tools, work);
            var keys = await cosign.GenerateKeyPairAsync("cosign", ct);
            var bundleDigest = (await tools.RunAsync(tools.Crane, ["digest", "--insecure", $"{registry.Host}/my-repo/my-app-manifests:v1.0.0"], ct)).StandardOutput.Trim();
            await cosign.SignBundleAsync(keys, $"{registry.Host}/my-repo/my-app-manifests@{bundleDigest}", ct);
            Console.WriteLine($"signed {registry.Host}/my-repo/my-app-manifests@{bundleDigest} with {Path.Combine(keys, "cosign.key")}");

            Step("Starting oci-source-controller against the local API server");
            var storePort = FreePort.Next();
            await using var controller = StartController(controllerDll, kube.KubeconfigPath, work, storePort);

            Step("kubectl apply: the article's v1beta2 manifests (secret, semver range, tag, Helm chart with layerSelector copy)");
            var manifests = Path.Combine(work, "ocirepositories.yaml");
            await File.WriteAllTextAsync(manifests, Manifests(registry, secure) + SignedManifests(registry, CosignSigner.PublicKey(keys)), ct);
            Console.WriteLine(await Kubectl(tools, kube, ["apply", "--validate=false", "-f", manifests], ct));

            Step("kubectl wait --for=condition=Ready");
            await WaitReadyAsync(tools, kube, controller, ct);

            Console.WriteLine(await Kubectl(tools, kube, ["get", "ocirepo", "-n", Namespace], ct));
            foreach (var name in Names)
            {
                await ShowAndVerifyAsync(tools, kube, name, work, ct);
            }

            Step("The signed bundle: spec.verify with the cosign public key");
            var verified = await Jsonpath(tools, kube, "signed-app-manifests", "{.status.conditions[?(@.type==\"SourceVerified\")].message}", ct);
            Console.WriteLine($"signed-app-manifests SourceVerified: {verified}");
            if (!verified.StartsWith($"verified signature of revision v1.0.0@{bundleDigest}", StringComparison.Ordinal))
            {
                throw new DemoFailedException($"signed-app-manifests was not verified: '{verified}'");
            }

            Step("Pushing chart version 1.1.0 and asking for a reconcile (reconcile.fluxcd.io/requestedAt)");
            await PushChartAsync(tools, secure, work, "1.1.0", ct);
            await Kubectl(tools, kube, ["annotate", "-n", Namespace, "ocirepository/my-helm-chart", "--overwrite", $"reconcile.fluxcd.io/requestedAt={DateTimeOffset.UtcNow:O}"], ct);
            var revision = await EventuallyAsync(
                async () => await Jsonpath(tools, kube, "my-helm-chart", "{.status.artifact.revision}", ct) is { } r && r.StartsWith("1.1.0@", StringComparison.Ordinal) ? r : null,
                "my-helm-chart to store chart 1.1.0",
                controller);
            Console.WriteLine($"my-helm-chart moved to {revision}");
            await ShowAndVerifyAsync(tools, kube, "my-helm-chart", work, ct);
            Step("Demo passed: every artifact was served and matched its status.artifact.digest");
            return 0;
        }
        finally
        {
            await kube.DisposeAsync();
            TestEnvironment.DeleteWorkDirectory(work);
        }
    }

    private static readonly string[] Names = ["my-helm-chart", "my-app-manifests", "podinfo", "signed-app-manifests"];

    private static void Step(string text) => Console.WriteLine($"\n==> {text}");

    private static string Manifests(RegistryServer registry, RegistryServer secure)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{secure.Credential!.UserName}:{secure.Credential.Password}"));
        var dockerConfig = new JsonObject
        {
            ["auths"] = new JsonObject
            {
                [secure.Host] = new JsonObject { ["username"] = secure.Credential.UserName, ["password"] = secure.Credential.Password, ["auth"] = auth },
            },
        }.ToJsonString();
        var ca = File.ReadAllText(secure.CaCertificatePath!);
        return $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: oci-registry-credentials
              namespace: {Namespace}
            type: kubernetes.io/dockerconfigjson
            data:
              .dockerconfigjson: {Convert.ToBase64String(Encoding.UTF8.GetBytes(dockerConfig))}
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: oci-registry-ca
              namespace: {Namespace}
            data:
              ca.crt: {Convert.ToBase64String(Encoding.UTF8.GetBytes(ca))}
            ---
            apiVersion: source.toolkit.fluxcd.io/v1beta2
            kind: OCIRepository
            metadata:
              name: my-helm-chart
              namespace: {Namespace}
            spec:
              interval: 5m
              url: oci://{secure.Host}/my-repo/my-chart
              ref:
                semver: ">=1.0.0 <2.0.0"
              secretRef:
                name: oci-registry-credentials
              certSecretRef:
                name: oci-registry-ca
              layerSelector:
                mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
                operation: copy
            ---
            apiVersion: source.toolkit.fluxcd.io/v1beta2
            kind: OCIRepository
            metadata:
              name: my-app-manifests
              namespace: {Namespace}
            spec:
              interval: 5m
              url: oci://{registry.Host}/my-repo/my-app-manifests
              ref:
                tag: "v1.0.0"
            ---
            apiVersion: source.toolkit.fluxcd.io/v1beta2
            kind: OCIRepository
            metadata:
              name: podinfo
              namespace: {Namespace}
            spec:
              interval: 5m
              url: oci://{registry.Host}/charts/my-chart
              ref:
                tag: "6.1.6"
              layerSelector:
                mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
                operation: copy

            """;
    }

    /// <summary>The cosign public key as a Secret and a v1 OCIRepository that verifies the bundle with it.</summary>
    private static string SignedManifests(RegistryServer registry, string publicKey) => $"""
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: cosign-public-keys
          namespace: {Namespace}
        data:
          cosign.pub: {Convert.ToBase64String(Encoding.UTF8.GetBytes(publicKey))}
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: OCIRepository
        metadata:
          name: signed-app-manifests
          namespace: {Namespace}
        spec:
          interval: 5m
          url: oci://{registry.Host}/my-repo/my-app-manifests
          ref:
            tag: "v1.0.0"
          verify:
            provider: cosign
            secretRef:
              name: cosign-public-keys

        """;

    private static async Task PushBundleAsync(Tools tools, RegistryServer registry, string work, CancellationToken ct)
    {
        var bundle = Path.Combine(work, "bundle");
        Directory.CreateDirectory(bundle);
        await File.WriteAllTextAsync(Path.Combine(bundle, "kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - configmap.yaml\n", ct);
        await File.WriteAllTextAsync(Path.Combine(bundle, "configmap.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  greeting: hello from an OCI artifact\n", ct);
        await Run(tools, "tar", ["-czf", Path.Combine(work, "bundle.tar.gz"), "-C", bundle, "."], work, ct);
        Console.WriteLine((await tools.RunAsync(
            tools.Oras,
            ["push", $"{registry.Host}/my-repo/my-app-manifests:v1.0.0", "bundle.tar.gz:application/vnd.cncf.flux.content.v1.tar+gzip", "--plain-http"],
            ct,
            workingDirectory: work)).StandardOutput);
    }

    private static async Task PushChartAsync(Tools tools, RegistryServer registry, string work, string version, CancellationToken ct)
    {
        if (!Directory.Exists(Path.Combine(work, "my-chart")))
        {
            await tools.RunAsync(tools.Helm, ["create", "my-chart"], ct, workingDirectory: work);
        }

        await tools.RunAsync(tools.Helm, ["package", "my-chart", "--version", version], ct, workingDirectory: work);
        var target = registry.UsesTls ? $"oci://{registry.Host}/my-repo" : $"oci://{registry.Host}/charts";
        string[] connection = registry.UsesTls
            ? ["--ca-file", registry.CaCertificatePath!, "--username", registry.Credential!.UserName, "--password", registry.Credential.Password]
            : ["--plain-http"];
        var push = await tools.RunAsync(tools.Helm, ["push", $"my-chart-{version}.tgz", target, .. connection], ct, workingDirectory: work);
        Console.WriteLine(push.StandardError.Trim());
    }

    private static ManagedProcess StartController(string controllerDll, string kubeconfig, string work, int storePort)
    {
        var store = Path.Combine(work, "store");
        Directory.CreateDirectory(store);
        return ManagedProcess.Start(
            "oci-source-controller",
            "dotnet",
            [
                controllerDll, "--log-encoding=console", "--log-level=info", $"--storage-path={store}", $"--storage-addr=127.0.0.1:{storePort}",
                $"--health-addr=127.0.0.1:{FreePort.Next()}", $"--metrics-addr=127.0.0.1:{FreePort.Next()}",
            ],
            work,
            new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig });
    }

    private static async Task WaitReadyAsync(Tools tools, KubeApiFixture kube, ManagedProcess controller, CancellationToken ct)
    {
        try
        {
            Console.WriteLine(await Kubectl(tools, kube, ["wait", "-n", Namespace, "ocirepository", "--all", "--for=condition=Ready", $"--timeout={(int)StepTimeout.TotalSeconds}s"], ct));
        }
        catch (ToolFailedException e)
        {
            var status = await Kubectl(tools, kube, ["get", "-n", Namespace, "ocirepository", "-o", "jsonpath={range .items[*]}{.metadata.name}: {.status}{\"\\n\"}{end}"], ct);
            throw new DemoFailedException($"not every OCIRepository became Ready: {e.Message}\nstatus: {status}\n{controller.Tail()}", e);
        }
    }

    private static async Task ShowAndVerifyAsync(Tools tools, KubeApiFixture kube, string name, string work, CancellationToken ct)
    {
        var artifact = await Kubectl(tools, kube, ["get", "-n", Namespace, $"ocirepository/{name}", "-o", "jsonpath={.status.artifact}"], ct);
        Console.WriteLine($"\n{name} status.artifact: {artifact}");
        var json = JsonNode.Parse(artifact)!;
        var url = json["url"]!.GetValue<string>();
        var digest = json["digest"]!.GetValue<string>();
        var file = Path.Combine(work, $"{name}-{Guid.NewGuid():N}.tgz");
        await Run(tools, "curl", ["-fsS", "-o", file, url], work, ct);
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file, ct)));
        Console.WriteLine($"curl {url} → {new FileInfo(file).Length} bytes, {actual}");
        if (actual != digest)
        {
            throw new DemoFailedException($"{name}: downloaded {actual}, status.artifact.digest says {digest}");
        }
    }

    private static Task<string> Jsonpath(Tools tools, KubeApiFixture kube, string name, string path, CancellationToken ct) =>
        Kubectl(tools, kube, ["get", "-n", Namespace, $"ocirepository/{name}", "-o", $"jsonpath={path}"], ct);

    private static async Task<string> Kubectl(Tools tools, KubeApiFixture kube, IReadOnlyList<string> arguments, CancellationToken ct) =>
        (await tools.RunAsync(tools.Kubectl, ["--kubeconfig", kube.KubeconfigPath, .. arguments], ct, timeout: StepTimeout + TimeSpan.FromSeconds(30))).StandardOutput.TrimEnd();

    private static async Task Run(Tools tools, string command, IReadOnlyList<string> arguments, string work, CancellationToken ct) =>
        await tools.RunAsync(command, arguments, ct, workingDirectory: work);

    private static async Task<string> EventuallyAsync(Func<Task<string?>> probe, string what, ManagedProcess controller)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StepTimeout)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(500);
        }

        throw new DemoFailedException(string.Create(CultureInfo.InvariantCulture, $"waited {StepTimeout.TotalSeconds}s for {what}\n{controller.Tail()}"));
    }
}
