using OciSource.Testing.Kube;
using OciSource.Testing.Registry;

namespace OciSource.Controller.Tests;

/// <summary>Tests sharing one real API server and one anonymous registry.</summary>
[CollectionDefinition(Name)]
public sealed class ControllerCollection : ICollectionFixture<KubeApiFixture>, ICollectionFixture<RegistryFixture>
{
    public const string Name = "controller";
}
