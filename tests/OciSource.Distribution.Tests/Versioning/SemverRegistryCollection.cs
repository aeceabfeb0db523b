using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Versioning;

/// <summary>Semver tests sharing one anonymous real registry.</summary>
[CollectionDefinition(Name)]
public sealed class SemverRegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "semver-registry";
}
