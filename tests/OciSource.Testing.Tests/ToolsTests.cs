namespace OciSource.Testing.Tests;

/// <summary>Every third-party client the tests rely on is installed and runs on this machine.</summary>
public sealed class ToolsTests : IDisposable
{
    private readonly Tools _tools = new();

    public static TheoryData<string, string[], string> Versions => new()
    {
        { "oras", ["version"], "Version:" },
        { "cosign", ["version"], "GitVersion:" },
        { "notation", ["version"], "Version:" },
        { "helm", ["version"], "Version:\"v4." },
        { "kubectl", ["version", "--client"], "Client Version: v1." },
        { "crane", ["--help"], "Crane is a tool for managing container images" },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Tool_RunsAndReportsItself(string tool, string[] arguments, string expected)
    {
        var path = Path.Combine(_tools.BinDirectory, tool);

        var result = await _tools.RunAsync(path, arguments, TestContext.Current.CancellationToken);

        Assert.Contains(expected, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _tools.Dispose();
}
