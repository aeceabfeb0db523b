using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests;

/// <summary>Tests sharing one anonymous plain-HTTP <see cref="RegistryFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
