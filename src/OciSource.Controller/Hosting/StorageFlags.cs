using System.Globalization;
using OciSource.Runtime.Hosting;
using OciSource.Storage;

namespace OciSource.Controller.Hosting;

/// <summary>
/// The artifact store flags, named and defaulted as Flux's (<c>--storage-path</c> <c>/data</c>,
/// <c>--storage-addr</c> <c>:9090</c>, <c>--storage-adv-addr</c> derived from the listen address,
/// <c>--artifact-retention-ttl</c> <c>1m</c>, <c>--artifact-retention-records</c> <c>2</c>,
/// <c>--artifact-digest-algo</c> <c>sha256</c>), plus ours: <c>--artifact-max-extract-size</c> (bytes, default 1 GiB) and <c>--artifact-max-size</c> (bytes a
/// copied layer may declare, default 1 GiB, <c>0</c> unlimited).
/// Environment fallbacks as Flux: <c>STORAGE_PATH</c>, <c>STORAGE_ADDRESS</c>, <c>STORAGE_ADV_ADDR</c>.
/// </summary>
internal sealed record StorageFlags(StoreOptions Store, string ListenAddress)
{
    /// <summary>The artifact server's limits (<see cref="ArtifactServerFlags"/>).</summary>
    public ArtifactServerOptions Server { get; init; } = new();

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "storage-path", "storage-addr", "storage-adv-addr", "artifact-retention-ttl", "artifact-retention-records", "artifact-digest-algo", "artifact-max-extract-size",
        "artifact-max-size",
    };

    /// <summary>
    /// Flux source-controller flags accepted so its deployment arguments work unchanged, but without effect here
    /// (features OciSource does not have yet: cloud token cache, other kinds).
    /// </summary>
    public static readonly IReadOnlySet<string> AcceptedFluxFlags = new HashSet<string>(StringComparer.Ordinal)
    {
        "watch-configs-label-selector", "requeue-dependency", "token-cache-max-size", "token-cache-max-duration",
        "helm-cache-max-size", "helm-cache-ttl", "helm-cache-purge-interval",
        "helm-index-max-size", "helm-chart-max-size", "helm-chart-file-max-size", "ssh-kex-algos", "ssh-hostkey-algos",
    };

    /// <exception cref="FlagException">
    /// A value does not parse, or <c>--artifact-digest-algo</c> names no supported algorithm (<see cref="DigestAlgorithm.All"/>:
    /// go-digest's sha256, sha384, sha512, blake3 and fluxcd/pkg's sha1), with Flux's message.
    /// </exception>
    public static StorageFlags FromFlags(IReadOnlyDictionary<string, string> flags, Func<string, string?> environment)
    {
        string? Get(string name, string? env = null) => flags.TryGetValue(name, out var v) ? v : env is null ? null : environment(env);
        var listen = Get("storage-addr", "STORAGE_ADDRESS") is { Length: > 0 } a ? a : ":9090";
        var advertised = Get("storage-adv-addr", "STORAGE_ADV_ADDR") is { Length: > 0 } adv ? adv : DeriveAdvertised(listen);
        var algorithmName = Get("artifact-digest-algo") ?? DigestAlgorithm.Sha256.Name;
        var algorithm = DigestAlgorithm.FromName(algorithmName)
            ?? throw new FlagException($"unable to configure canonical digest algorithm: unsupported digest algorithm: {algorithmName}");

        try
        {
            return new StorageFlags(
                new StoreOptions
                {
                    Root = Get("storage-path", "STORAGE_PATH") is { Length: > 0 } p ? p : "/data",
                    AdvertisedAddress = advertised,
                    RetentionTtl = Get("artifact-retention-ttl") is { } ttl ? GoDuration.Parse(ttl) : TimeSpan.FromMinutes(1),
                    RetentionRecords = Get("artifact-retention-records") is { } records ? int.Parse(records, NumberStyles.None, CultureInfo.InvariantCulture) : 2,
                    MaxExtractBytes = Get("artifact-max-extract-size") is { } max ? long.Parse(max, NumberStyles.None, CultureInfo.InvariantCulture) : 1L << 30,
                    MaxArtifactBytes = Get("artifact-max-size") is { } maxArtifact ? long.Parse(maxArtifact, NumberStyles.None, CultureInfo.InvariantCulture) : 1L << 30,
                    DigestAlgorithm = algorithm,
                },
                listen)
            {
                Server = ArtifactServerFlags.FromFlags(flags),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FlagException($"invalid storage flag: {e.Message}", e);
        }
    }

    // Flux: an empty host becomes localhost; 0.0.0.0 becomes the hostname.
    private static string DeriveAdvertised(string listen)
    {
        var colon = listen.LastIndexOf(':');
        var host = colon < 0 ? listen : listen[..colon];
        var port = colon < 0 ? string.Empty : listen[colon..];
        return (host.Length == 0 ? "localhost" : host == "0.0.0.0" ? Environment.MachineName : host) + port;
    }
}
