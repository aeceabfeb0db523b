namespace OciSource.Chart.Tests;

/// <summary>The metrics Service always, the Prometheus Operator ServiceMonitor only when asked for.</summary>
public sealed class ChartMonitoringTests : IDisposable
{
    private readonly HelmChart _chart = new();

    [Fact]
    public async Task Defaults_MetricsService_ReachesTheMetricsPortAndNoServiceMonitor()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var service = Assert.Single(rendered.OfKind("Service"), s => s.Scalar("metadata", "labels", "app.kubernetes.io/component") == "metrics");

        Assert.Equal("metrics", service.Scalar("spec", "ports", "0", "targetPort"));
        Assert.Equal(":8080", ControllerFlags.Parse(rendered.ContainerArgs)["metrics-addr"]);
        Assert.Empty(rendered.OfKind("ServiceMonitor"));
    }

    [Fact]
    public async Task ServiceMonitorEnabled_SelectsTheMetricsServiceOnly()
    {
        var rendered = await _chart.TemplateAsync(
            "metrics:\n  serviceMonitor:\n    enabled: true\n    interval: 30s\n    labels:\n      release: prometheus\n", TestContext.Current.CancellationToken);

        var monitor = rendered.One("ServiceMonitor");

        Assert.Equal("prometheus", monitor.Scalar("metadata", "labels", "release"));
        Assert.Equal("metrics", monitor.Scalar("spec", "endpoints", "0", "port"));
        Assert.Equal("/metrics", monitor.Scalar("spec", "endpoints", "0", "path"));
        Assert.Equal("30s", monitor.Scalar("spec", "endpoints", "0", "interval"));
        var selector = monitor.Mapping("spec", "selector", "matchLabels").Children.ToDictionary(c => Manifest.Scalar(c.Key), c => Manifest.Scalar(c.Value));
        var selected = rendered.OfKind("Service").Where(s => selector.All(l => s.Find("metadata", "labels", l.Key) is { } v && Manifest.Scalar(v) == l.Value)).ToList();
        var service = Assert.Single(selected);
        Assert.Equal("metrics", service.Scalar("metadata", "labels", "app.kubernetes.io/component"));
        Assert.Equal("metrics", service.Scalar("spec", "ports", "0", "name"));
    }

    public void Dispose() => _chart.Dispose();
}
