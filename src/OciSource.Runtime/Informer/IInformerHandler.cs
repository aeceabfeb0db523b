namespace OciSource.Runtime.Informer;

/// <summary>
/// Receives an <see cref="Informer{T}"/>'s changes, on the informer's loop, after its cache was updated. Handlers must
/// be quick and must not throw (an exception is logged and the informer goes on).
/// </summary>
public interface IInformerHandler<in T>
{
    /// <summary>An object appeared (first list, watch ADDED, or found by a relist).</summary>
    void OnAdded(T obj);

    /// <summary>An object changed (watch MODIFIED, or seen again by a relist).</summary>
    void OnUpdated(T oldObj, T newObj);

    /// <summary>An object went away (watch DELETED, or missing from a relist: a synthesised delete).</summary>
    void OnDeleted(T obj);
}
