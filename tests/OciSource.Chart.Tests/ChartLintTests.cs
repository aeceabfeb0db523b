namespace OciSource.Chart.Tests;

/// <summary><c>helm lint --strict</c> finds nothing to warn about, with the defaults and with every option switched.</summary>
public sealed class ChartLintTests : IDisposable
{
    private readonly HelmChart _chart = new();

    [Fact]
    public async Task Lint_Defaults_IsClean()
    {
        var output = await _chart.LintAsync(null, TestContext.Current.CancellationToken);

        AssertClean(output);
    }

    [Fact]
    public async Task Lint_EveryOptionSwitched_IsClean()
    {
        var output = await _chart.LintAsync(ChartValues.EveryOptionSwitched, TestContext.Current.CancellationToken);

        AssertClean(output);
    }

    public void Dispose() => _chart.Dispose();

    // --strict turns warnings into failures (non-zero exit, which RunAsync throws on); check the text as well, since
    // an [ERROR] or [WARNING] line with exit 0 would still be a finding.
    private static void AssertClean(string output)
    {
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[ERROR]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[WARNING]", output, StringComparison.Ordinal);
    }
}
