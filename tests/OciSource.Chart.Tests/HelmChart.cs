using OciSource.Testing;
using OciSource.Testing.Processes;

namespace OciSource.Chart.Tests;

/// <summary>
/// The chart in <c>deploy/charts/oci-source-controller</c>, driven with the real <c>helm</c> from the test tools
/// directory. Renders as release <see cref="ReleaseName"/> in <see cref="Namespace"/> unless told otherwise.
/// </summary>
public sealed class HelmChart : IDisposable
{
    public const string ReleaseName = "oci-source-controller";

    public const string Namespace = "ocisource-system";

    private readonly Tools _tools = new();

    /// <summary>The chart's directory.</summary>
    public static string Directory { get; } = Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "charts", "oci-source-controller");

    /// <summary>Runs <c>helm lint --strict</c> with <paramref name="valuesYaml"/> (if any) and returns its output.</summary>
    /// <exception cref="ToolFailedException">Lint failed.</exception>
    public async Task<string> LintAsync(string? valuesYaml, CancellationToken cancellationToken)
    {
        var result = await _tools.RunAsync(_tools.Helm, ["lint", "--strict", Directory, .. ValuesArguments(valuesYaml)], cancellationToken, standardInput: valuesYaml);
        return result.StandardOutput + result.StandardError;
    }

    /// <summary>Runs <c>helm template</c> in <see cref="Namespace"/> with <paramref name="valuesYaml"/> (if any) and parses what it prints.</summary>
    /// <exception cref="ToolFailedException">helm refused the values or a template failed.</exception>
    public Task<RenderedChart> TemplateAsync(string? valuesYaml, CancellationToken cancellationToken) =>
        TemplateAsync(valuesYaml, Namespace, cancellationToken);

    /// <summary>Runs <c>helm template --namespace <paramref name="namespace"/></c> with <paramref name="valuesYaml"/> (if any) and parses what it prints.</summary>
    /// <exception cref="ToolFailedException">helm refused the values or a template failed.</exception>
    public async Task<RenderedChart> TemplateAsync(string? valuesYaml, string @namespace, CancellationToken cancellationToken)
    {
        var result = await _tools.RunAsync(
            _tools.Helm, ["template", ReleaseName, Directory, "--namespace", @namespace, .. ValuesArguments(valuesYaml)], cancellationToken, standardInput: valuesYaml);
        return RenderedChart.Parse(result.StandardOutput);
    }

    /// <summary>Runs <c>helm template</c>, expecting it to fail, and returns its error output.</summary>
    public async Task<string> TemplateFailureAsync(string valuesYaml, CancellationToken cancellationToken)
    {
        var failure = await Assert.ThrowsAsync<ToolFailedException>(() => TemplateAsync(valuesYaml, cancellationToken));
        return failure.Message;
    }

    public void Dispose() => _tools.Dispose();

    // Values come on standard input ("-f -"), so they keep their YAML types (--set would make 12.5 a string).
    private static string[] ValuesArguments(string? valuesYaml) => valuesYaml is null ? [] : ["--values", "-"];
}
