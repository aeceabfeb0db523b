using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests;

/// <summary>Tests sharing one htpasswd + TLS <see cref="SecureRegistryFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SecureRegistryCollection : ICollectionFixture<SecureRegistryFixture>
{
    public const string Name = "secure-registry";
}
