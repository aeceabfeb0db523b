namespace OciSource.Distribution.Cloud;

/// <summary>The Kubernetes ServiceAccount of object-level workload identity: where it lives and its annotations.</summary>
public sealed record ServiceAccountInfo(string Namespace, string Name, IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary><c>namespace/name</c>, as Flux's messages write it.</summary>
    public override string ToString() => $"{Namespace}/{Name}";
}
