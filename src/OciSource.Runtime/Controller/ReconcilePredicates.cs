using k8s;
using k8s.Models;

namespace OciSource.Runtime.Controller;

/// <summary>Which updates enqueue a reconcile (creates and deletes always do, as in Flux).</summary>
public static class ReconcilePredicates
{
    /// <summary>The annotation <c>flux reconcile</c> and notification-controller receivers set to request a reconcile.</summary>
    public const string RequestedAtAnnotation = "reconcile.fluxcd.io/requestedAt";

    /// <summary>
    /// Flux's <c>GenerationChangedPredicate OR ReconcileRequestedPredicate</c>: the spec changed (generation), or the
    /// <see cref="RequestedAtAnnotation"/> value changed. Status-only and label-only updates pass through silently.
    /// </summary>
    public static bool GenerationChangedOrReconcileRequested<T>(T oldObj, T newObj) where T : IKubernetesObject<V1ObjectMeta> =>
        oldObj.Metadata.Generation != newObj.Metadata.Generation || RequestedAt(oldObj) != RequestedAt(newObj);

    private static string? RequestedAt<T>(T obj) where T : IKubernetesObject<V1ObjectMeta> =>
        obj.Metadata.Annotations?.TryGetValue(RequestedAtAnnotation, out var value) == true ? value : null;
}
