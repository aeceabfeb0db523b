using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Support;

/// <summary>Tests sharing one <see cref="KubeApiFixture"/> (a real etcd + API server).</summary>
[CollectionDefinition(Name)]
public sealed class KubeApiCollection : ICollectionFixture<KubeApiFixture>
{
    public const string Name = "kube api";
}
