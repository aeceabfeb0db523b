using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;

namespace OciSource.Runtime.Informer;

/// <summary>Lists and watches a custom resource through the API server's <c>/apis/{group}/{version}/…/{plural}</c>.</summary>
public sealed class CustomObjectListWatcher<T>(IKubernetes client, ResourceType resource) : IListWatcher<T>
{
    public string Plural => resource.Plural;

    public async Task<ObjectList<T>> ListAsync(InformerOptions options, string? continueToken, CancellationToken cancellationToken) =>
        options.Namespace is { Length: > 0 } ns
            ? await client.CustomObjects.ListNamespacedCustomObjectAsync<ObjectList<T>>(
                resource.Group, resource.Version, ns, resource.Plural, continueParameter: continueToken,
                labelSelector: options.LabelSelector, limit: options.PageSize, cancellationToken: cancellationToken)
            : await client.CustomObjects.ListClusterCustomObjectAsync<ObjectList<T>>(
                resource.Group, resource.Version, resource.Plural, continueParameter: continueToken,
                labelSelector: options.LabelSelector, limit: options.PageSize, cancellationToken: cancellationToken);

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        InformerOptions options, string? resourceVersion, int timeoutSeconds, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = options.Namespace is { Length: > 0 } ns
            ? client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                resource.Group, resource.Version, ns, resource.Plural, allowWatchBookmarks: true,
                labelSelector: options.LabelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                onError: onError, cancellationToken: cancellationToken)
            : client.CustomObjects.WatchListClusterCustomObjectAsync(
                resource.Group, resource.Version, resource.Plural, allowWatchBookmarks: true,
                labelSelector: options.LabelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                onError: onError, cancellationToken: cancellationToken);
        await foreach (var (type, raw) in events)
        {
            if (raw is JsonElement element)
            {
                yield return (type, KubernetesJson.Deserialize<T>(element.GetRawText()));
            }
        }
    }
}
