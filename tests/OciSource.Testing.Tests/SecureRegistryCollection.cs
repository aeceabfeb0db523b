using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>Tests sharing one <see cref="SecureRegistryFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SecureRegistryCollection : ICollectionFixture<SecureRegistryFixture>
{
    public const string Name = "secure registry";
}
