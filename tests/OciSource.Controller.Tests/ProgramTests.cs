using OciSource.Testing.Processes;

namespace OciSource.Controller.Tests;

/// <summary>The <c>oci-source-controller</c> executable refuses a configuration it cannot run with: exit code 2 and a message.</summary>
/// <remarks>Runs the JIT build; <see cref="AotProgramTests"/> runs the same tests against the Native AOT build.</remarks>
public class ProgramTests
{
    private readonly string _executable;

    public ProgramTests()
        : this(ControllerBuild.Jit)
    {
    }

    /// <summary>Skips every test when <paramref name="build"/> is not available (<see cref="ControllerExecutable.For"/>).</summary>
    protected ProgramTests(ControllerBuild build) => _executable = ControllerExecutable.For(build);

    [Fact]
    public async Task UnknownFlag_ExitsWithTwoAndNamesTheFlag()
    {
        var error = await Assert.ThrowsAsync<ToolFailedException>(() => RunAsync(["--no-such-flag=1"], new Dictionary<string, string>()));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown flag: --no-such-flag", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--progress-status-delay=-1s", "--progress-status-delay must not be negative")]
    [InlineData("--progress-status-delay=soon", "invalid --progress-status-delay: ")]
    public async Task InvalidProgressStatusDelay_ExitsWithTwoAndSaysWhy(string flag, string message)
    {
        var error = await Assert.ThrowsAsync<ToolFailedException>(() => RunAsync([flag], new Dictionary<string, string>()));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "invalid --sigstore-trusted-root: Could not find file")]
    [InlineData("{\"mediaType\": 1", "invalid --sigstore-trusted-root: ")]
    public async Task InvalidSigstoreTrustedRoot_ExitsWithTwoAndSaysWhy(string content, string message)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-trusted_root.json");
        if (content != "missing")
        {
            await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);
        }

        try
        {
            var error = await Assert.ThrowsAsync<ToolFailedException>(() => RunAsync([$"--sigstore-trusted-root={path}"], new Dictionary<string, string>()));

            Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--feature-gates=NoSuchGate=true", "unable to load feature gates: feature-gate 'NoSuchGate' not supported")]
    [InlineData("--feature-gates=CacheSecretsAndConfigMaps=true,cachesecretsandconfigmaps=true", "unable to load feature gates: feature-gate 'cachesecretsandconfigmaps' not supported")]
    [InlineData("--default-service-account=puller", "invalid configuration: cannot set default service accounts when the feature gate ObjectLevelWorkloadIdentity is not enabled")]
    [InlineData("--default-service-account=puller --feature-gates=ObjectLevelWorkloadIdentity=false", "invalid configuration: cannot set default service accounts when the feature gate ObjectLevelWorkloadIdentity is not enabled")]
    public async Task UnsupportedFeatureGateOrInconsistentWorkloadIdentity_ExitsWithOneAndFluxsMessage(string flags, string message)
    {
        var error = await Assert.ThrowsAsync<ToolFailedException>(() => RunAsync(flags.Split(' '), new Dictionary<string, string>()));

        Assert.Contains("exited with 1", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CacheSecretsAndConfigMaps", "invalid argument \"CacheSecretsAndConfigMaps\" for \"--feature-gates\" flag: malformed pair, expect string=bool")]
    [InlineData("CacheSecretsAndConfigMaps=yes", "invalid argument \"CacheSecretsAndConfigMaps=yes\" for \"--feature-gates\" flag: invalid value of CacheSecretsAndConfigMaps: yes, err: strconv.ParseBool: parsing \"yes\": invalid syntax")]
    public async Task MalformedFeatureGates_ExitsWithTwoAndSaysWhy(string value, string message)
    {
        var error = await Assert.ThrowsAsync<ToolFailedException>(() => RunAsync([$"--feature-gates={value}"], new Dictionary<string, string>()));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoApiServerConfigured_ExitsWithTwoInsteadOfCallingLocalhost()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}", "kubeconfig");

        var error = await Assert.ThrowsAsync<ToolFailedException>(() => RunAsync([], new Dictionary<string, string> { ["KUBECONFIG"] = missing, ["KUBERNETES_SERVICE_HOST"] = string.Empty }));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains($"no Kubernetes API server configured: not running in a pod (KUBERNETES_SERVICE_HOST is unset) and no kubeconfig at {missing}; set KUBECONFIG", error.Message, StringComparison.Ordinal);
    }

    private Task<ToolResult> RunAsync(string[] arguments, Dictionary<string, string> environment) =>
        ProcessRunner.RunAsync(_executable, arguments, TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken, environment);
}
