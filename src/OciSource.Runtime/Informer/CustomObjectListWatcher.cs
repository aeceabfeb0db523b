using System.Text.Json.Serialization.Metadata;
using k8s;
using OciSource.Runtime.ApiServer;

namespace OciSource.Runtime.Informer;

/// <summary>Lists and watches a custom resource through the API server's <c>/apis/{group}/{version}/…/{plural}</c>.</summary>
public sealed class CustomObjectListWatcher<T> : IListWatcher<T> where T : class
{
    private readonly ResourceType _resource;
    private readonly CollectionClient<T> _collection;

    /// <param name="typeInfo">How <typeparamref name="T"/> reads from JSON (source-generated).</param>
    /// <exception cref="ArgumentException"><paramref name="client"/> is not a <see cref="Kubernetes"/>.</exception>
    public CustomObjectListWatcher(IKubernetes client, ResourceType resource, JsonTypeInfo<T> typeInfo)
    {
        _resource = resource;
        _collection = new CollectionClient<T>(new ApiServerTransport(client), typeInfo);
    }

    public string Plural => _resource.Plural;

    public Task<ObjectList<T>> ListAsync(InformerOptions options, string? continueToken, CancellationToken cancellationToken) =>
        _collection.ListAsync(CollectionPath(options), options, continueToken, cancellationToken);

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        InformerOptions options, string? resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        _collection.WatchAsync(CollectionPath(options), options, resourceVersion, timeoutSeconds, onError, cancellationToken);

    private string CollectionPath(InformerOptions options) =>
        options.Namespace is { Length: > 0 } ns
            ? $"apis/{_resource.Group}/{_resource.Version}/namespaces/{Uri.EscapeDataString(ns)}/{_resource.Plural}"
            : $"apis/{_resource.Group}/{_resource.Version}/{_resource.Plural}";
}
