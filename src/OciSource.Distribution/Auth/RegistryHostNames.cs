namespace OciSource.Distribution.Auth;

/// <summary>Normalises registry names for credential matching: Docker Hub's aliases become one name.</summary>
internal static class RegistryHostNames
{
    private static readonly string[] DockerHubAliases = ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

    /// <summary><c>host[:port]</c> lowercased, with every Docker Hub alias mapped to <c>index.docker.io</c>.</summary>
    public static string Canonical(string registry)
    {
        var lower = registry.ToLowerInvariant();
        return DockerHubAliases.Contains(lower) ? References.RepositoryReference.DockerHubRegistry : lower;
    }
}
