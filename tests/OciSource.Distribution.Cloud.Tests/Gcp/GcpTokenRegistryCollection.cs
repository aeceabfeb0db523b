using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>The gcp tests that pull from one real registry in token-auth mode.</summary>
[CollectionDefinition(Name)]
public sealed class GcpTokenRegistryCollection : ICollectionFixture<TokenRegistryFixture>
{
    public const string Name = "gcp-token-registry";
}
