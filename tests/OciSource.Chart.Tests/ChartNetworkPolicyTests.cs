using YamlDotNet.RepresentationModel;

namespace OciSource.Chart.Tests;

/// <summary>
/// The NetworkPolicy (off by default, as Flux's allow-* policies are optional): when enabled it selects the
/// controller's pods and admits the artifact port only from the namespaces <c>networkPolicy.artifacts.namespaceSelector</c>
/// selects, and the metrics port only from those of <c>networkPolicy.metrics.namespaceSelector</c>; nothing else.
/// </summary>
public sealed class ChartNetworkPolicyTests : IDisposable
{
    private readonly HelmChart _chart = new();

    [Fact]
    public async Task Defaults_RenderNoNetworkPolicy()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        Assert.Empty(rendered.OfKind("NetworkPolicy"));
    }

    [Fact]
    public async Task Enabled_WithSelectedNamespaces_AdmitsTheArtifactPortFromThemOnly()
    {
        // Artifacts from namespaces labelled example.com/artifact-consumer=true, metrics from the monitoring namespace.
        var rendered = await _chart.TemplateAsync(ChartValues.EveryOptionSwitched, TestContext.Current.CancellationToken);

        var policy = rendered.One("NetworkPolicy");

        Assert.Equal("networking.k8s.io/v1", policy.ApiVersion);
        Assert.Equal(HelmChart.Namespace, policy.Scalar("metadata", "namespace"));
        AssertSelectsTheControllerPods(rendered, policy);
        Assert.Equal(["Ingress"], policy.Strings("spec", "policyTypes"));
        var rules = policy.Sequence("spec", "ingress");
        Assert.Equal(2, rules.Count);
        var artifacts = NamespaceSelectorAdmitting(rules, "http");
        Assert.Equal("true", Manifest.Scalar(artifacts, "matchLabels", "example.com/artifact-consumer"));
        Assert.Single(Assert.IsType<YamlMappingNode>(artifacts).Children);
        var metrics = NamespaceSelectorAdmitting(rules, "metrics");
        Assert.Equal("monitoring", Manifest.Scalar(metrics, "matchExpressions", "0", "values", "0"));
        Assert.Equal("In", Manifest.Scalar(metrics, "matchExpressions", "0", "operator"));
    }

    [Fact]
    public async Task Enabled_WithDefaultSelectors_AdmitsArtifactsFromFluxSystemAndMetricsFromEveryNamespace()
    {
        var rendered = await _chart.TemplateAsync("networkPolicy:\n  enabled: true\n", TestContext.Current.CancellationToken);

        var rules = rendered.One("NetworkPolicy").Sequence("spec", "ingress");

        var artifacts = NamespaceSelectorAdmitting(rules, "http");
        Assert.Equal("flux-system", Manifest.Scalar(artifacts, "matchLabels", "kubernetes.io/metadata.name"));
        Assert.Empty(Assert.IsType<YamlMappingNode>(NamespaceSelectorAdmitting(rules, "metrics")).Children);
    }

    public void Dispose() => _chart.Dispose();

    private static void AssertSelectsTheControllerPods(RenderedChart rendered, Manifest policy)
    {
        var podLabels = rendered.Deployment.Mapping("spec", "template", "metadata", "labels").Children
            .ToDictionary(c => Manifest.Scalar(c.Key), c => Manifest.Scalar(c.Value));
        var selector = policy.Mapping("spec", "podSelector", "matchLabels").Children;
        Assert.NotEmpty(selector);
        Assert.All(selector, label => Assert.Equal(podLabels[Manifest.Scalar(label.Key)], Manifest.Scalar(label.Value)));
    }

    /// <summary>
    /// The namespace selector of the one rule that names container port <paramref name="port"/>: that rule names no other
    /// port and has exactly one peer, a namespace selector without a pod selector; every rule names its ports.
    /// </summary>
    private static YamlNode NamespaceSelectorAdmitting(IReadOnlyList<YamlNode> rules, string port)
    {
        Assert.All(rules, r => Assert.NotEmpty(Manifest.Sequence(r, "ports")));
        var rule = Assert.Single(rules, r => Manifest.Sequence(r, "ports").Any(p => Manifest.Scalar(p, "port") == port));
        var ports = Manifest.Sequence(rule, "ports");
        Assert.Equal("TCP", Manifest.Scalar(Assert.Single(ports), "protocol"));
        var peer = Assert.IsType<YamlMappingNode>(Assert.Single(Manifest.Sequence(rule, "from")));
        Assert.Equal(["namespaceSelector"], peer.Children.Keys.Select(k => Manifest.Scalar(k)));
        return peer.Children[new YamlScalarNode("namespaceSelector")];
    }
}
