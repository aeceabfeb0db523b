using OciSource.Testing.Kube;

namespace OciSource.Chart.Tests;

/// <summary>Tests sharing one <see cref="KubeApiFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class KubeApiCollection : ICollectionFixture<KubeApiFixture>
{
    public const string Name = "kube api";
}
