using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests;

/// <summary>Tests sharing one token-auth <see cref="TokenRegistryFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TokenRegistryCollection : ICollectionFixture<TokenRegistryFixture>
{
    public const string Name = "token-registry";
}
