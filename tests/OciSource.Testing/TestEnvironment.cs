namespace OciSource.Testing;

/// <summary>
/// Where the tests find the repository, the tools installed by <c>eng/testenv.sh</c>, and scratch space.
/// </summary>
public static class TestEnvironment
{
    /// <summary>Names a kubeconfig of an existing cluster to run the Kubernetes tests against instead of the local API server.</summary>
    public const string ExternalKubeconfigVariable = "OCISOURCE_TEST_KUBECONFIG";

    /// <summary>Overrides the directory holding the tool binaries (default: the cache that <c>eng/testenv.sh</c> fills).</summary>
    public const string ToolsDirectoryVariable = "OCISOURCE_TOOLS_DIR";

    /// <summary>
    /// Names the directory <c>eng/test.sh</c> creates for one run; every process a fixture starts is recorded under its
    /// <c>pids</c> folder (see <see cref="Processes.PidRecord"/>) so the script can end exactly those processes.
    /// </summary>
    public const string RunDirectoryVariable = "OCISOURCE_TEST_RUN_DIR";

    private static readonly Lazy<string> LazyRepositoryRoot = new(FindRepositoryRoot);

    /// <summary>The directory holding <c>OciSource.sln</c>.</summary>
    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    /// <summary>
    /// The tools directory: <c>$OCISOURCE_TOOLS_DIR</c>, else <c>current/bin</c> under the cache root that
    /// <c>eng/testenv.sh</c> uses (<c>$OCISOURCE_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/ocisource</c>, else
    /// <c>~/.cache/ocisource</c>).
    /// </summary>
    public static string ToolsDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(ToolsDirectoryVariable);
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }

            var cacheRoot = Environment.GetEnvironmentVariable("OCISOURCE_CACHE_DIR");
            if (string.IsNullOrEmpty(cacheRoot))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                var cache = string.IsNullOrEmpty(xdg)
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                    : xdg;
                cacheRoot = Path.Combine(cache, "ocisource");
            }

            return Path.Combine(cacheRoot, "current", "bin");
        }
    }

    /// <summary>
    /// Creates a fresh directory under <c>$TMPDIR/ocisource-tests</c> for a fixture's files and logs.
    /// </summary>
    public static string CreateWorkDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "ocisource-tests", $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 13)]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a work directory, ignoring files that are already gone.</summary>
    public static void DeleteWorkDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OciSource.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"OciSource.sln not found above {AppContext.BaseDirectory}.");
    }
}
