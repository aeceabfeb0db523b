using k8s;
using k8s.Models;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Queue;

namespace OciSource.Runtime.Controller;

/// <summary>Turns informer changes into queue adds of the object's key, filtering updates.</summary>
internal sealed class EnqueueHandler<T>(WorkQueue<ReconcileRequest> queue, Func<T, T, bool> updateFilter) : IInformerHandler<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    public void OnAdded(T obj) => queue.Add(KeyOf(obj));

    public void OnUpdated(T oldObj, T newObj)
    {
        if (updateFilter(oldObj, newObj))
        {
            queue.Add(KeyOf(newObj));
        }
    }

    public void OnDeleted(T obj) => queue.Add(KeyOf(obj));

    private static ReconcileRequest KeyOf(T obj) => new(obj.Metadata.NamespaceProperty, obj.Metadata.Name);
}
