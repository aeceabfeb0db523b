using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Azure;

/// <summary>The Azure tests that pull from the real registry in token-auth mode share one <see cref="TokenRegistryFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AzureCloudCollection : ICollectionFixture<TokenRegistryFixture>
{
    public const string Name = "azure-cloud";
}
