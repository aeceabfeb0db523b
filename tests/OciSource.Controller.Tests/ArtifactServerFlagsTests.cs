using OciSource.Testing.Processes;

namespace OciSource.Controller.Tests;

/// <summary>
/// The artifact server's limit flags reach the executable's parser: valid values are accepted (the run gets as far as
/// looking for an API server), invalid ones exit with 2 and say which flag is wrong.
/// </summary>
/// <remarks>Runs the JIT build; <see cref="AotArtifactServerFlagsTests"/> runs the same tests against the Native AOT build.</remarks>
public class ArtifactServerFlagsTests
{
    private readonly string _executable;

    public ArtifactServerFlagsTests()
        : this(ControllerBuild.Jit)
    {
    }

    /// <summary>Skips every test when <paramref name="build"/> is not available (<see cref="ControllerExecutable.For"/>).</summary>
    protected ArtifactServerFlagsTests(ControllerBuild build) => _executable = ControllerExecutable.For(build);

    [Fact]
    public async Task ValidLimitFlags_AreAccepted()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}", "kubeconfig");

        var error = await Assert.ThrowsAsync<ToolFailedException>(() => RunAsync(
            ["--storage-max-connections=0", "--storage-request-headers-timeout=3s", "--storage-keep-alive-timeout=1m30s", "--storage-min-response-rate=1024.5"],
            new Dictionary<string, string> { ["KUBECONFIG"] = missing, ["KUBERNETES_SERVICE_HOST"] = string.Empty }));

        Assert.Contains("no Kubernetes API server configured", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--storage-max-connections=-1", "invalid artifact server flag")]
    [InlineData("--storage-max-connections=many", "invalid artifact server flag")]
    [InlineData("--storage-request-headers-timeout=0s", "--storage-request-headers-timeout must be a positive duration, not 0s")]
    [InlineData("--storage-keep-alive-timeout=soon", "invalid artifact server flag")]
    [InlineData("--storage-min-response-rate=-5", "invalid artifact server flag")]
    public async Task InvalidLimitFlag_ExitsWithTwoAndSaysWhy(string flag, string message)
    {
        var error = await Assert.ThrowsAsync<ToolFailedException>(() => RunAsync([flag], new Dictionary<string, string>()));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private Task<ToolResult> RunAsync(string[] arguments, Dictionary<string, string> environment) =>
        ProcessRunner.RunAsync(_executable, arguments, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken, environment);
}
