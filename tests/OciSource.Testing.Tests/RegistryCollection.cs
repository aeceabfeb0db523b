using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>Tests sharing one <see cref="RegistryFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
