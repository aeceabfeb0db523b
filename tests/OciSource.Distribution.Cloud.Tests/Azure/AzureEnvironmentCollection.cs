using OciSource.Testing.Registry;

namespace OciSource.Distribution.Cloud.Tests.Azure;

/// <summary>Azure tests that set process environment variables (Azure.Identity's <c>EnvironmentCredential</c> reads them itself): run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzureEnvironmentCollection : ICollectionFixture<TokenRegistryFixture>
{
    public const string Name = "azure-environment";
}
