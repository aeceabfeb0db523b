using OciSource.Runtime.Hosting;

namespace OciSource.Chart.Tests;

/// <summary>The rendered container arguments read as the controller reads them (src/OciSource.Controller/Program.cs).</summary>
public static class ControllerFlags
{
    /// <summary>The artifact store's flags (StorageFlags.Names in src/OciSource.Controller/Hosting).</summary>
    public static readonly IReadOnlySet<string> StorageFlagNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "storage-path", "storage-addr", "storage-adv-addr", "artifact-retention-ttl", "artifact-retention-records", "artifact-digest-algo", "artifact-max-extract-size",
        "artifact-max-size",
    };

    /// <summary>The artifact server's limit flags (ArtifactServerFlags.Names in src/OciSource.Controller/Hosting).</summary>
    public static readonly IReadOnlySet<string> ArtifactServerFlagNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "storage-max-connections", "storage-request-headers-timeout", "storage-keep-alive-timeout", "storage-min-response-rate",
    };

    /// <summary>The reconciler's own flags (ReconcilerOptions.Names in src/OciSource.Controller/Reconciliation, FeatureGates.Names among them).</summary>
    public static readonly IReadOnlySet<string> ReconcilerFlagNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "progress-status-delay", "sigstore-trusted-root", "feature-gates", "default-service-account", "token-cache-max-size", "token-cache-max-duration",
    };

    /// <summary>Every flag the controller binds: the runtime's, the store's, the artifact server's and the reconciler's.</summary>
    public static IReadOnlySet<string> All { get; } =
        new HashSet<string>(RuntimeOptions.KnownFlags.Concat(StorageFlagNames).Concat(ArtifactServerFlagNames).Concat(ReconcilerFlagNames), StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/> with the controller's own flag parser.</summary>
    /// <exception cref="FlagException">An argument the controller would reject.</exception>
    public static Dictionary<string, string> Parse(IEnumerable<string> args) => FlagParser.Parse(args, RuntimeOptions.BooleanFlags);

    /// <summary>The artifact store's flags among <paramref name="flags"/>, by name.</summary>
    public static SortedDictionary<string, string> Storage(IReadOnlyDictionary<string, string> flags) =>
        new(flags.Where(f => StorageFlagNames.Contains(f.Key)).ToDictionary(), StringComparer.Ordinal);

    /// <summary>The artifact server's limit flags among <paramref name="flags"/>, by name.</summary>
    public static SortedDictionary<string, string> ArtifactServer(IReadOnlyDictionary<string, string> flags) =>
        new(flags.Where(f => ArtifactServerFlagNames.Contains(f.Key)).ToDictionary(), StringComparer.Ordinal);

    /// <summary>Binds the runtime options from <paramref name="args"/> as the controller does in a pod of <paramref name="runtimeNamespace"/>.</summary>
    /// <exception cref="FlagException">A value the controller would reject.</exception>
    public static RuntimeOptions Runtime(IEnumerable<string> args, string runtimeNamespace) =>
        RuntimeOptions.FromFlags(Parse(args), name => name == "RUNTIME_NAMESPACE" ? runtimeNamespace : null);
}
