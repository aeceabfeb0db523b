using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests;

/// <summary>Tests sharing one <see cref="MutualTlsRegistryFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class MutualTlsRegistryCollection : ICollectionFixture<MutualTlsRegistryFixture>
{
    public const string Name = "mtls-registry";
}
