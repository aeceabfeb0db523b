using Microsoft.Extensions.Logging;
using OciSource.Distribution.Cloud;
using OciSource.Distribution.Cloud.Aws;
using OciSource.Distribution.Cloud.Azure;
using OciSource.Distribution.Cloud.Gcp;

namespace OciSource.Controller.Cloud;

/// <summary>
/// The cloud providers this controller can use, by <c>spec.provider</c> name, each created on first use and then
/// shared (so the SDKs' own credential caches work), disposed with the registry. Thread-safe.
/// </summary>
internal sealed class CloudProviderRegistry(IReadOnlyDictionary<string, Func<ICloudRegistryProvider>> factories) : IDisposable
{
    private readonly Dictionary<string, Lazy<ICloudRegistryProvider>> _providers =
        factories.ToDictionary(f => f.Key, f => new Lazy<ICloudRegistryProvider>(f.Value, LazyThreadSafetyMode.ExecutionAndPublication), StringComparer.Ordinal);

    /// <summary>The names known here.</summary>
    public IEnumerable<string> Names => _providers.Keys;

    /// <summary>
    /// aws, azure and gcp, each configured from its SDK's documented environment variables (README "Cloud registries"),
    /// read when the provider is first used.
    /// </summary>
    /// <exception cref="InvalidOperationException">On first use of a provider: one of its environment variables is malformed (the message names it).</exception>
    public static CloudProviderRegistry FromEnvironment(ILoggerFactory loggerFactory, TimeProvider time) => new(
        new Dictionary<string, Func<ICloudRegistryProvider>>(StringComparer.Ordinal)
        {
            ["aws"] = () => new AwsRegistryProvider(AwsProviderSettings.FromEnvironment(), loggerFactory, time),
            ["azure"] = () => new AzureRegistryProvider(AzureProviderSettings.FromEnvironment(), loggerFactory, time),
            ["gcp"] = () => new GcpRegistryProvider(GcpProviderSettings.FromEnvironment(), loggerFactory, time),
        });

    /// <summary>The provider named <paramref name="name"/>; null when this controller has none of that name.</summary>
    /// <exception cref="InvalidOperationException">Its settings are malformed (see <see cref="FromEnvironment"/>).</exception>
    public ICloudRegistryProvider? Find(string name) => _providers.TryGetValue(name, out var provider) ? provider.Value : null;

    public void Dispose()
    {
        foreach (var provider in _providers.Values.Where(p => p.IsValueCreated))
        {
            (provider.Value as IDisposable)?.Dispose();
        }
    }
}
