namespace OciSource.Chart.Tests;

/// <summary><c>values.schema.json</c> makes helm refuse values of the wrong type, unknown keys and invalid settings.</summary>
public sealed class ChartSchemaTests : IDisposable
{
    private readonly HelmChart _chart = new();

    [Theory]
    [InlineData("controller:\n  concurrent: two\n", "/controller/concurrent")]
    [InlineData("leaderElection:\n  enabled: \"yes\"\n", "/leaderElection/enabled")]
    [InlineData("persistence:\n  size: 8\n", "/persistence/size")]
    [InlineData("controller:\n  concurent: 4\n", "concurent")]
    [InlineData("controller:\n  logLevel: verbose\n", "/controller/logLevel")]
    [InlineData("controller:\n  minRetryDelay: 2 seconds\n", "/controller/minRetryDelay")]
    [InlineData("storage:\n  digestAlgorithm: md5\n", "/storage/digestAlgorithm")]
    [InlineData("controller:\n  intervalJitterPercentage: 100\n", "/controller/intervalJitterPercentage")]
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

    [Fact]
    public async Task ValidValues_OfEveryOption_AreAccepted()
    {
        var rendered = await _chart.TemplateAsync(ChartValues.EveryOptionSwitched, TestContext.Current.CancellationToken);

        Assert.Single(rendered.OfKind("Deployment"));
    }

    public void Dispose() => _chart.Dispose();
}
