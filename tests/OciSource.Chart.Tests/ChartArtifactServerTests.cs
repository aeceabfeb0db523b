namespace OciSource.Chart.Tests;

/// <summary>The artifact server's limits are values (<c>artifactServer.*</c>) that reach the controller's flags.</summary>
public sealed class ChartArtifactServerTests : IDisposable
{
    private readonly HelmChart _chart = new();

    [Fact]
    public async Task Defaults_LimitFlags_AreTheControllersDefaults()
    {
        var rendered = await _chart.TemplateAsync(null, TestContext.Current.CancellationToken);

        var expected = new Dictionary<string, string>
        {
            ["storage-max-connections"] = "256",
            ["storage-request-headers-timeout"] = "10s",
            ["storage-keep-alive-timeout"] = "30s",
            ["storage-min-response-rate"] = "65536",
        };
        Assert.Equal(expected, ControllerFlags.ArtifactServer(ControllerFlags.Parse(rendered.ContainerArgs)));
    }

    [Fact]
    public async Task Switched_LimitFlags_CarryTheValues()
    {
        var rendered = await _chart.TemplateAsync(
            "artifactServer:\n  maxConnections: 0\n  requestHeadersTimeout: 3s\n  keepAliveTimeout: 2m\n  minResponseRate: 1024\n", TestContext.Current.CancellationToken);

        var expected = new Dictionary<string, string>
        {
            ["storage-max-connections"] = "0",
            ["storage-request-headers-timeout"] = "3s",
            ["storage-keep-alive-timeout"] = "2m",
            ["storage-min-response-rate"] = "1024",
        };
        Assert.Equal(expected, ControllerFlags.ArtifactServer(ControllerFlags.Parse(rendered.ContainerArgs)));
    }

    [Theory]
    [InlineData("artifactServer:\n  maxConnections: -1\n", "/artifactServer/maxConnections")]
    [InlineData("artifactServer:\n  requestHeadersTimeout: soon\n", "/artifactServer/requestHeadersTimeout")]
    [InlineData("artifactServer:\n  minResponseRate: fast\n", "/artifactServer/minResponseRate")]
    [InlineData("networkPolicy:\n  enabled: \"yes\"\n", "/networkPolicy/enabled")]
    [InlineData("networkPolicy:\n  artifacts:\n    podSelector: {}\n", "podSelector")]
    public async Task InvalidValues_AreRejectedBeforeRendering(string values, string reported)
    {
        var error = await _chart.TemplateFailureAsync(values, TestContext.Current.CancellationToken);

        Assert.Contains("values don't meet the specifications of the schema", error, StringComparison.Ordinal);
        Assert.Contains(reported, error, StringComparison.Ordinal);
    }

    public void Dispose() => _chart.Dispose();
}
