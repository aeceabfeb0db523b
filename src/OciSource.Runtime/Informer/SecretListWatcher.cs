using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace OciSource.Runtime.Informer;

/// <summary>Lists and watches core <c>v1</c> Secrets (<c>/api/v1/secrets</c>, or one namespace's).</summary>
public sealed class SecretListWatcher(IKubernetes client) : IListWatcher<V1Secret>
{
    public string Plural => "secrets";

    public async Task<ObjectList<V1Secret>> ListAsync(InformerOptions options, string? continueToken, CancellationToken cancellationToken)
    {
        var list = options.Namespace is { Length: > 0 } ns
            ? await client.CoreV1.ListNamespacedSecretAsync(
                ns, continueParameter: continueToken, labelSelector: options.LabelSelector, limit: options.PageSize, cancellationToken: cancellationToken)
            : await client.CoreV1.ListSecretForAllNamespacesAsync(
                continueParameter: continueToken, labelSelector: options.LabelSelector, limit: options.PageSize, cancellationToken: cancellationToken);
        return new ObjectList<V1Secret> { ApiVersion = "v1", Kind = "SecretList", Metadata = list.Metadata ?? new V1ListMeta(), Items = list.Items ?? [] };
    }

    public async IAsyncEnumerable<(WatchEventType Type, V1Secret Object)> WatchAsync(
        InformerOptions options, string? resourceVersion, int timeoutSeconds, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = options.Namespace is { Length: > 0 } ns
            ? client.CoreV1.WatchListNamespacedSecretAsync(
                ns, allowWatchBookmarks: true, labelSelector: options.LabelSelector, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken)
            : client.CoreV1.WatchListSecretForAllNamespacesAsync(
                allowWatchBookmarks: true, labelSelector: options.LabelSelector, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken);
        await foreach (var item in events)
        {
            yield return item;
        }
    }
}
