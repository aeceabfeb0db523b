using OciSource.Testing;
using OciSource.Testing.Processes;

namespace OciSource.Cli.Tests;

/// <summary>Runs eng/sigstore-conformance.sh over the copied Sigstore conformance cases with the CLI built beside this test.</summary>
public sealed class SigstoreConformanceTests
{
    private static readonly string Cases = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "OciSource.Cli.Tests", "testdata", "sigstore-conformance");

    [Fact]
    public async Task EveryConformanceCaseIsDecidedCorrectly()
    {
        var expected = Directory.GetDirectories(Cases).Count(d => File.Exists(Path.Combine(d, "bundle.sigstore.json")));

        var (exitCode, output) = await RunScriptAsync(Cases);

        Assert.True(exitCode == 0 && LastLine(output) == $"{expected} passed, 0 failed", "Conformance cases failed:\n" + output);
    }

    [Fact]
    public async Task AValidBundleInAFailCaseCountsAsFailed()
    {
        var directory = Directory.CreateTempSubdirectory("ocisource-conformance-");
        try
        {
            File.Copy(Path.Combine(Cases, "a.txt"), Path.Combine(directory.FullName, "a.txt"));
            var copy = Directory.CreateDirectory(Path.Combine(directory.FullName, "valid-bundle_fail"));
            File.Copy(Path.Combine(Cases, "happy-path-v0.3", "bundle.sigstore.json"), Path.Combine(copy.FullName, "bundle.sigstore.json"));

            var (exitCode, output) = await RunScriptAsync(directory.FullName);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("\n0 passed, 1 failed", "\n" + output, StringComparison.Ordinal);
            Assert.Contains("FAIL valid-bundle_fail", output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string directory)
    {
        var script = Path.Combine(TestEnvironment.RepositoryRoot, "eng", "sigstore-conformance.sh");
        var environment = new Dictionary<string, string> { ["OCISOURCE_CLI"] = Path.Combine(AppContext.BaseDirectory, "ocisource.dll") };
        try
        {
            var result = await ProcessRunner.RunAsync("bash", [script, directory], TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken, environment);
            return (result.ExitCode, result.StandardOutput + result.StandardError);
        }
        catch (ToolFailedException e)
        {
            return (1, e.Message);
        }
    }
}
