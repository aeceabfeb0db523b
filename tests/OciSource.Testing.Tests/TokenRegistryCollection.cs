using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>Tests sharing one <see cref="TokenRegistryFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TokenRegistryCollection : ICollectionFixture<TokenRegistryFixture>
{
    public const string Name = "token registry";
}
