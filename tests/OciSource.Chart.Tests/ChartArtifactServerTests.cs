namespace OciSource.Chart.Tests;

/// <summary>
/// The artifact server's limits are values (<c>artifactServer.*</c>) that reach the controller's flags; invalid values
/// are refused by the schema (<see cref="ChartSchemaTests"/>).
/// </summary>
public sealed class ChartArtifactServerTests : IDisposable
{
    private readonly HelmChart _chart = new();

    [Theory]
    [InlineData(null, "256", "10s", "30s", "65536")]
    [InlineData("artifactServer:\n  maxConnections: 0\n  requestHeadersTimeout: 3s\n  keepAliveTimeout: 2m\n  minResponseRate: 1024\n", "0", "3s", "2m", "1024")]
    public async Task LimitValues_ReachTheControllersFlags(string? values, string maxConnections, string headersTimeout, string keepAliveTimeout, string minRate)
    {
        var rendered = await _chart.TemplateAsync(values, TestContext.Current.CancellationToken);

        var expected = new Dictionary<string, string>
        {
            ["storage-max-connections"] = maxConnections,
            ["storage-request-headers-timeout"] = headersTimeout,
            ["storage-keep-alive-timeout"] = keepAliveTimeout,
            ["storage-min-response-rate"] = minRate,
        };
        Assert.Equal(expected, ControllerFlags.ArtifactServer(ControllerFlags.Parse(rendered.ContainerArgs)));
    }

    public void Dispose() => _chart.Dispose();
}
