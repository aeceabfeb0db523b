namespace OciSource.Controller.Cloud;

/// <summary>The object a cache lookup was made for (fluxcd/pkg <c>cache.InvolvedObject</c>); the labels of its metric series.</summary>
internal readonly record struct InvolvedObject(string Kind, string Name, string Namespace, string Operation)
{
    /// <summary>Flux's only operation for source objects.</summary>
    public const string ReconcileOperation = "reconcile";
}
