namespace OciSource.Runtime;

/// <summary>Names one object: the work-queue item, the cache key and what a reconcile is asked to handle.</summary>
/// <param name="Namespace">Null or empty for cluster-scoped objects.</param>
public sealed record ReconcileRequest(string? Namespace, string Name)
{
    public override string ToString() => string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";
}
