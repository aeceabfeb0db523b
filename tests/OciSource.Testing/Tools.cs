using OciSource.Testing.Processes;

namespace OciSource.Testing;

/// <summary>
/// The third-party clients the tests drive (oras, crane, cosign, notation, helm, kubectl), as installed by
/// <c>eng/testenv.sh</c>. Each instance gives the tools a private HOME-like state directory (Helm, Docker and
/// notation configuration), so tests never read or write the user's own.
/// </summary>
public sealed class Tools : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);
    private readonly Dictionary<string, string> _environment;

    /// <exception cref="InvalidOperationException">A tool is missing: <c>eng/testenv.sh</c> has not been run.</exception>
    public Tools()
    {
        BinDirectory = TestEnvironment.ToolsDirectory;
        Oras = Require("oras");
        Crane = Require("crane");
        Cosign = Require("cosign");
        Notation = Require("notation");
        Helm = Require("helm");
        Kubectl = Require("kubectl");
        Etcd = Require("etcd");
        ApiExtensionsApiServer = Require("apiextensions-apiserver");
        Registry = RequireSystem("/usr/bin/docker-registry");
        Htpasswd = RequireSystem("/usr/bin/htpasswd");
        StateDirectory = TestEnvironment.CreateWorkDirectory("tools");
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = StateDirectory,
            ["DOCKER_CONFIG"] = Path.Combine(StateDirectory, "docker"),
            ["HELM_CACHE_HOME"] = Path.Combine(StateDirectory, "helm", "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(StateDirectory, "helm", "config"),
            ["HELM_DATA_HOME"] = Path.Combine(StateDirectory, "helm", "data"),
            ["NOTATION_CONFIG"] = Path.Combine(StateDirectory, "notation"),
            ["XDG_CONFIG_HOME"] = Path.Combine(StateDirectory, "config"),
            ["XDG_CACHE_HOME"] = Path.Combine(StateDirectory, "cache"),
            ["TUF_ROOT"] = Path.Combine(StateDirectory, "sigstore"),
            ["KUBECONFIG"] = Path.Combine(StateDirectory, "no-kubeconfig"),
        };
    }

    /// <summary>Where the tool binaries are (see <see cref="TestEnvironment.ToolsDirectory"/>).</summary>
    public string BinDirectory { get; }

    public string Oras { get; }

    public string Crane { get; }

    public string Cosign { get; }

    public string Notation { get; }

    public string Helm { get; }

    public string Kubectl { get; }

    public string Etcd { get; }

    public string ApiExtensionsApiServer { get; }

    /// <summary>CNCF distribution (Debian's <c>docker-registry</c>).</summary>
    public string Registry { get; }

    public string Htpasswd { get; }

    /// <summary>The private state directory the tools run with as HOME.</summary>
    public string StateDirectory { get; }

    /// <summary>Runs a tool to completion and returns its output.</summary>
    /// <exception cref="ToolFailedException">Non-zero exit, or still running after <paramref name="timeout"/> (then killed).</exception>
    public Task<ToolResult> RunAsync(
        string tool,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        string? standardInput = null) =>
        ProcessRunner.RunAsync(tool, arguments, timeout ?? DefaultTimeout, cancellationToken, _environment, workingDirectory ?? StateDirectory, standardInput);

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(StateDirectory);

    private string Require(string name) => RequireSystem(Path.Combine(BinDirectory, name));

    private static string RequireSystem(string path) =>
        File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: run eng/testenv.sh (or eng/test.sh) first.");
}
