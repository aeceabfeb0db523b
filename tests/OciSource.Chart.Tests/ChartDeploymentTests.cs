using OciSource.Runtime.Hosting;

namespace OciSource.Chart.Tests;

/// <summary>
/// The Deployment: every controller flag is a value and reaches the container's arguments in a form the controller's
/// own parser accepts; <c>--storage-adv-addr</c> is the artifact Service's DNS name; the pod runs non-root with a
/// read-only root file system, no privilege escalation, no capabilities and the RuntimeDefault seccomp profile.
/// </summary>
public sealed class ChartDeploymentTests : IDisposable
{
    private readonly HelmChart _chart = new();

    [Fact]
    public async Task Defaults_Args_AreTheControllersDefaultsWithLeaderElection()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var args = rendered.ContainerArgs;

        Assert.Equal(new RuntimeOptions { RuntimeNamespace = HelmChart.Namespace, EnableLeaderElection = true }, ControllerFlags.Runtime(args, HelmChart.Namespace));
        var flags = ControllerFlags.Parse(args);
        Assert.Equal(ControllerFlags.All.Where(f => f is not "watch-label-selector" and not "sigstore-trusted-root" and not "feature-gates" and not "default-service-account" and not "events-addr").Order(StringComparer.Ordinal), flags.Keys.Order(StringComparer.Ordinal));
        var storage = new Dictionary<string, string>
        {
            ["storage-path"] = "/data",
            ["storage-addr"] = ":9090",
            ["storage-adv-addr"] = $"oci-source-controller.{HelmChart.Namespace}.svc.cluster.local",
            ["artifact-retention-ttl"] = "1m",
            ["artifact-retention-records"] = "2",
            ["artifact-digest-algo"] = "sha256",
            ["artifact-max-extract-size"] = "1073741824",
            ["artifact-max-size"] = "1073741824",
        };
        Assert.Equal(storage, ControllerFlags.Storage(flags));
        Assert.Equal("1s", flags["progress-status-delay"]);
        Assert.False(flags.ContainsKey("sigstore-trusted-root"));
        Assert.False(flags.ContainsKey("feature-gates"));
        Assert.False(flags.ContainsKey("default-service-account"));
        Assert.Equal(("100", "1h"), (flags["token-cache-max-size"], flags["token-cache-max-duration"]));
    }

    [Fact]
    public async Task EveryOptionSwitched_Args_CarryEveryValue()
    {
        var rendered = await _chart.TemplateAsync(ChartValues.EveryOptionSwitched, TestContext.Current.CancellationToken);

        var args = rendered.ContainerArgs;

        var expected = new RuntimeOptions
        {
            RuntimeNamespace = HelmChart.Namespace,
            Concurrent = 7,
            MinRetryDelay = TimeSpan.FromSeconds(2),
            MaxRetryDelay = TimeSpan.FromMinutes(20),
            IntervalJitterPercentage = 11,
            WatchAllNamespaces = false,
            WatchLabelSelector = "sharding.fluxcd.io/key=ocisource",
            EventsAddr = "http://notification-controller.flux-system.svc.cluster.local./",
            KubeApiQps = 12.5,
            KubeApiBurst = 77,
            LogLevel = "debug",
            LogEncoding = "console",
            MetricsAddr = ":8081",
            HealthAddr = ":9441",
            EnableLeaderElection = true,
            LeaderElectionLeaseDuration = TimeSpan.FromSeconds(61),
            LeaderElectionRenewDeadline = TimeSpan.FromSeconds(41),
            LeaderElectionRetryPeriod = TimeSpan.FromSeconds(7),
            LeaderElectionReleaseOnCancel = false,
        };
        Assert.Equal(expected, ControllerFlags.Runtime(args, HelmChart.Namespace));
        var flags = ControllerFlags.Parse(args);
        var storage = new Dictionary<string, string>
        {
            ["storage-path"] = "/var/lib/artifacts",
            ["storage-addr"] = ":9091",
            ["storage-adv-addr"] = "artifacts.example.com:8443",
            ["artifact-retention-ttl"] = "90s",
            ["artifact-retention-records"] = "5",
            ["artifact-digest-algo"] = "blake3",
            ["artifact-max-extract-size"] = "21474836480",
            ["artifact-max-size"] = "0",
        };
        Assert.Equal(storage, ControllerFlags.Storage(flags));
        Assert.Equal("3s", flags["progress-status-delay"]);
        Assert.Equal("/etc/oci-source-controller/sigstore/root.json", flags["sigstore-trusted-root"]);
        var mount = Manifest.Sequence(rendered.Deployment.Mapping("spec", "template", "spec", "containers", "0"), "volumeMounts")
            .Single(m => Manifest.Scalar(m, "name") == "sigstore-trusted-root");
        Assert.Equal("/etc/oci-source-controller/sigstore", Manifest.Scalar(mount, "mountPath"));
        var volume = Manifest.Sequence(rendered.Deployment.Mapping("spec", "template", "spec"), "volumes")
            .Single(v => Manifest.Scalar(v, "name") == "sigstore-trusted-root");
        Assert.Equal("private-sigstore", Manifest.Scalar(volume, "configMap", "name"));
        Assert.Equal("CacheSecretsAndConfigMaps=true,ObjectLevelWorkloadIdentity=true", flags["feature-gates"]);
        Assert.Equal("workload-identity", flags["default-service-account"]);
        Assert.Equal(("0", "30m"), (flags["token-cache-max-size"], flags["token-cache-max-duration"]));
        Assert.Equal("--helm-cache-max-size=10", args[^1]);
        Assert.Subset(new HashSet<string>(flags.Keys), new HashSet<string>(ControllerFlags.All));
    }

    [Fact]
    public async Task EveryOptionSwitched_Ports_FollowTheListenAddresses()
    {
        var rendered = await _chart.TemplateAsync(ChartValues.EveryOptionSwitched, TestContext.Current.CancellationToken);

        var container = rendered.Deployment.Mapping("spec", "template", "spec", "containers", "0");

        var ports = Manifest.Sequence(container, "ports")
            .ToDictionary(p => Manifest.Scalar(p, "name"), p => Manifest.Scalar(p, "containerPort"));
        Assert.Equal(new Dictionary<string, string> { ["http"] = "9091", ["metrics"] = "8081", ["health"] = "9441" }, ports);
        Assert.Equal("/var/lib/artifacts", Manifest.Scalar(container, "volumeMounts", "0", "mountPath"));
    }

    [Fact]
    public async Task Defaults_StorageAdvAddr_IsTheArtifactServicesDnsName()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var service = Assert.Single(rendered.OfKind("Service"), s => s.Scalar("metadata", "labels", "app.kubernetes.io/component") == "artifacts");

        Assert.Equal($"{service.Name}.{HelmChart.Namespace}.svc.cluster.local", ControllerFlags.Parse(rendered.ContainerArgs)["storage-adv-addr"]);
        Assert.Equal("80", service.Scalar("spec", "ports", "0", "port"));
        Assert.Equal("http", service.Scalar("spec", "ports", "0", "targetPort"));
        Assert.Equal("9090", rendered.Deployment.Scalar("spec", "template", "spec", "containers", "0", "ports", "0", "containerPort"));
    }

    [Fact]
    public async Task ServicePortAndClusterDomain_StorageAdvAddr_CarriesThem()
    {
        var rendered = await _chart.TemplateAsync("service:\n  port: 8080\nclusterDomain: corp.internal\n", "tenant-a", TestContext.Current.CancellationToken);

        var service = Assert.Single(rendered.OfKind("Service"), s => s.Scalar("metadata", "labels", "app.kubernetes.io/component") == "artifacts");

        Assert.Equal($"{service.Name}.tenant-a.svc.corp.internal:8080", ControllerFlags.Parse(rendered.ContainerArgs)["storage-adv-addr"]);
    }

    [Fact]
    public async Task Defaults_SecurityContext_IsRestricted()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);
        var pod = rendered.Deployment.Mapping("spec", "template", "spec");

        Assert.Equal("true", Manifest.Scalar(pod, "securityContext", "runAsNonRoot"));
        Assert.Equal("65532", Manifest.Scalar(pod, "securityContext", "runAsUser"));
        Assert.Equal("65532", Manifest.Scalar(pod, "securityContext", "fsGroup"));
        Assert.Equal("RuntimeDefault", Manifest.Scalar(pod, "securityContext", "seccompProfile", "type"));
        var container = Manifest.Find(pod, "containers", "0", "securityContext")!;
        Assert.Equal("false", Manifest.Scalar(container, "allowPrivilegeEscalation"));
        Assert.Equal("true", Manifest.Scalar(container, "readOnlyRootFilesystem"));
        Assert.Equal("true", Manifest.Scalar(container, "runAsNonRoot"));
        Assert.Equal("RuntimeDefault", Manifest.Scalar(container, "seccompProfile", "type"));
        Assert.Equal(["ALL"], Manifest.Sequence(container, "capabilities", "drop").Select(n => Manifest.Scalar(n)));
        Assert.Null(Manifest.Find(container, "capabilities", "add"));
        Assert.Null(Manifest.Find(container, "privileged"));
        Assert.Null(Manifest.Find(pod, "hostNetwork"));
    }

    [Fact]
    public async Task Defaults_ReadOnlyRoot_HasWritableTmpAndStore()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);
        var pod = rendered.Deployment.Mapping("spec", "template", "spec");

        var mounts = Manifest.Sequence(pod, "containers", "0", "volumeMounts")
            .ToDictionary(m => Manifest.Scalar(m, "mountPath"), m => Manifest.Scalar(m, "name"));
        var volumes = Manifest.Sequence(pod, "volumes")
            .ToDictionary(v => Manifest.Scalar(v, "name"));

        Assert.Equal(["/data", "/tmp"], mounts.Keys.Order(StringComparer.Ordinal));
        Assert.NotNull(Manifest.Find(volumes[mounts["/tmp"]], "emptyDir"));
        Assert.NotNull(Manifest.Find(volumes[mounts["/data"]], "persistentVolumeClaim"));
    }

    [Fact]
    public async Task Defaults_Environment_HasRuntimeNamespaceFromTheDownwardApi()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var env = Assert.Single(rendered.Deployment.Sequence("spec", "template", "spec", "containers", "0", "env"));

        Assert.Equal("RUNTIME_NAMESPACE", Manifest.Scalar(env, "name"));
        Assert.Equal("metadata.namespace", Manifest.Scalar(env, "valueFrom", "fieldRef", "fieldPath"));
    }

    [Fact]
    public async Task Defaults_Probes_LivenessIsHealthzAndReadinessIsTheLeadersArtifactPort()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);
        var container = rendered.Deployment.Mapping("spec", "template", "spec", "containers", "0");

        Assert.Equal("/healthz", Manifest.Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("health", Manifest.Scalar(container, "livenessProbe", "httpGet", "port"));
        Assert.Equal("http", Manifest.Scalar(container, "readinessProbe", "tcpSocket", "port"));
        Assert.Equal(":9440", ControllerFlags.Parse(rendered.ContainerArgs)["health-addr"]);
    }

    [Fact]
    public async Task Image_DefaultsToTheChartsAppVersionAndADigestPinsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var appVersion = ChartMetadata.AppVersion;
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        var byTag = await _chart.TemplateAsync(null, ct);
        var byDigest = await _chart.TemplateAsync($"image:\n  digest: {digest}\n", ct);

        Assert.Equal($"ghcr.io/ocisource/oci-source-controller:{appVersion}", byTag.Deployment.Scalar("spec", "template", "spec", "containers", "0", "image"));
        Assert.Equal($"ghcr.io/ocisource/oci-source-controller@{digest}", byDigest.Deployment.Scalar("spec", "template", "spec", "containers", "0", "image"));
    }

    public void Dispose() => _chart.Dispose();
}
