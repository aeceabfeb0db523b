using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using OciSource.Runtime.Informer;

namespace OciSource.Runtime.Status;

/// <summary>Get and merge-patch of one custom resource kind, namespaced or cluster-scoped by the request.</summary>
internal sealed class CustomObjectClient<T>(IKubernetes client, ResourceType resource, string fieldManager) where T : class, IKubernetesObject<V1ObjectMeta>
{
    public Task<T> GetAsync(ReconcileRequest request, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(request.Namespace)
            ? client.CustomObjects.GetClusterCustomObjectAsync<T>(resource.Group, resource.Version, resource.Plural, request.Name, cancellationToken)
            : client.CustomObjects.GetNamespacedCustomObjectAsync<T>(resource.Group, resource.Version, request.Namespace, resource.Plural, request.Name, cancellationToken);

    public Task<T> PatchAsync(ReconcileRequest request, JsonObject patch, bool status, CancellationToken cancellationToken)
    {
        var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
        var (g, v, p, n) = (resource.Group, resource.Version, resource.Plural, request.Name);
        var ops = client.CustomObjects;
        return (string.IsNullOrEmpty(request.Namespace), status) switch
        {
            (true, true) => ops.PatchClusterCustomObjectStatusAsync<T>(body, g, v, p, n, fieldManager: fieldManager, cancellationToken: cancellationToken),
            (true, false) => ops.PatchClusterCustomObjectAsync<T>(body, g, v, p, n, fieldManager: fieldManager, cancellationToken: cancellationToken),
            (false, true) => ops.PatchNamespacedCustomObjectStatusAsync<T>(body, g, v, request.Namespace, p, n, fieldManager: fieldManager, cancellationToken: cancellationToken),
            (false, false) => ops.PatchNamespacedCustomObjectAsync<T>(body, g, v, request.Namespace, p, n, fieldManager: fieldManager, cancellationToken: cancellationToken),
        };
    }
}
