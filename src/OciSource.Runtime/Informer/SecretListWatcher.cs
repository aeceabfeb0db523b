using k8s;
using k8s.Models;
using OciSource.Runtime.ApiServer;

namespace OciSource.Runtime.Informer;

/// <summary>Lists and watches core <c>v1</c> Secrets (<c>/api/v1/secrets</c>, or one namespace's).</summary>
/// <exception cref="ArgumentException"><paramref name="client"/> is not a <see cref="Kubernetes"/>.</exception>
public sealed class SecretListWatcher(IKubernetes client) : IListWatcher<V1Secret>
{
    private readonly CollectionClient<V1Secret> _collection = new(new ApiServerTransport(client), SourceGenerationContext.Default.V1Secret);

    public string Plural => "secrets";

    public Task<ObjectList<V1Secret>> ListAsync(InformerOptions options, string? continueToken, CancellationToken cancellationToken) =>
        _collection.ListAsync(CollectionPath(options), options, continueToken, cancellationToken);

    public IAsyncEnumerable<(WatchEventType Type, V1Secret Object)> WatchAsync(
        InformerOptions options, string? resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken) =>
        _collection.WatchAsync(CollectionPath(options), options, resourceVersion, timeoutSeconds, onError, cancellationToken);

    private static string CollectionPath(InformerOptions options) =>
        options.Namespace is { Length: > 0 } ns ? $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/secrets" : "api/v1/secrets";
}
