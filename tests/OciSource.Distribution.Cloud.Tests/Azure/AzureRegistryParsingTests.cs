using OciSource.Distribution.Cloud.Azure;
using OciSource.Testing;

namespace OciSource.Distribution.Cloud.Tests.Azure;

/// <summary>Which registries are ACR's, the token scope, and the settings from the environment (fluxcd/pkg <c>auth/azure</c> cases); no network.</summary>
public sealed class AzureRegistryParsingTests : IDisposable
{
    private const string FluxPattern = @"^.+\.(azurecr\.io|azurecr\.cn|azurecr\.de|azurecr\.us)$";
    private readonly string _work = TestEnvironment.CreateWorkDirectory("azure-parse");

    [Theory]
    [InlineData("foo.azurecr.io")]
    [InlineData("foo.azurecr.cn")]
    [InlineData("foo.azurecr.de")]
    [InlineData("foo.azurecr.us")]
    [InlineData("my.team.registry.azurecr.io")]
    public void ParseRegistry_AcrHosts_AreTheirOwnInput(string registry)
    {
        using var provider = new AzureRegistryProvider(new AzureProviderSettings());

        Assert.Equal(registry, provider.ParseRegistry(registry));
    }

    [Theory]
    [InlineData("foo.azurecr.com")]
    [InlineData(".azurecr.io")]
    [InlineData("012345678901.dkr.ecr.us-east-1.amazonaws.com")]
    [InlineData("europe-docker.pkg.dev")]
    [InlineData("foo.azurecr.io:443")]
    [InlineData("foo.azurecr.io\n")]
    [InlineData("foo.AZURECR.IO")]
    public void ParseRegistry_OtherHosts_FailWithFluxsMessage(string registry)
    {
        using var provider = new AzureRegistryProvider(new AzureProviderSettings());

        var error = Assert.Throws<CloudProviderException>(() => provider.ParseRegistry(registry));

        Assert.Equal($"invalid Azure registry: '{registry}'. must match {FluxPattern}", error.Message);
    }

    [Fact]
    public void ParseRegistry_CustomCloudFile_AcceptsItsSuffix_AndStillTheStandardOnes()
    {
        using var provider = new AzureRegistryProvider(new AzureProviderSettings { EnvironmentFilePath = EnvironmentFile("""{"containerRegistryDNSSuffix": "azurecr.private"}""") });

        Assert.Equal("foo.azurecr.private", provider.ParseRegistry("foo.azurecr.private"));
        Assert.Equal("foo.azurecr.io", provider.ParseRegistry("foo.azurecr.io"));
        Assert.Equal("invalid Azure registry: 'foo.example.com'. must end with azurecr.private", Assert.Throws<CloudProviderException>(() => provider.ParseRegistry("foo.example.com")).Message);
    }

    [Fact]
    public void ParseRegistry_CustomCloudFileWithoutSuffix_FailsWithFluxsMessage()
    {
        using var provider = new AzureRegistryProvider(new AzureProviderSettings { EnvironmentFilePath = EnvironmentFile("{}") });

        var error = Assert.Throws<CloudProviderException>(() => provider.ParseRegistry("foo.azurecr.private"));

        Assert.Equal("failed to get container registry suffix from environment file: containerRegistryDNSSuffix must be set in the environment file", error.Message);
    }

    [Fact]
    public void ParseRegistry_MissingCustomCloudFile_FailsNamingIt()
    {
        var path = Path.Combine(_work, "missing.json");
        using var provider = new AzureRegistryProvider(new AzureProviderSettings { EnvironmentFilePath = path });

        var error = Assert.Throws<CloudProviderException>(() => provider.ParseRegistry("foo.azurecr.private"));

        Assert.StartsWith("failed to get container registry suffix from environment file: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scope_IsTheContainerRegistryAudience_OrTheCustomCloudsResourceManager()
    {
        var custom = EnvironmentFile("""{"resourceManagerEndpoint": "https://management.core.azure.private", "tokenAudience": "https://management.core.azure.private", "extra": "x"}""");

        Assert.Equal("https://containerregistry.azure.net/.default", AzureRegistryHosts.Scope(null));
        Assert.Equal("https://management.core.azure.private/.default", AzureRegistryHosts.Scope(custom));
        Assert.Equal(
            "resourceManagerEndpoint and tokenAudience must be set in the environment file",
            Assert.Throws<CloudProviderException>(() => AzureRegistryHosts.Scope(EnvironmentFile("""{"resourceManagerEndpoint": "https://m"}"""))).Message);
    }

    [Fact]
    public void Settings_FromEnvironment_ReadAzureIdentitysVariables()
    {
        var variables = new Dictionary<string, string>
        {
            ["AZURE_AUTHORITY_HOST"] = "https://login.microsoftonline.us/",
            ["AZURE_TENANT_ID"] = "tenant",
            ["AZURE_CLIENT_ID"] = "client",
            ["AZURE_FEDERATED_TOKEN_FILE"] = "/var/run/secrets/azure/tokens/azure-identity-token",
            ["AZURE_ENVIRONMENT_FILEPATH"] = "/etc/kubernetes/akscustom.json",
            ["AZURE_CLIENT_SECRET"] = string.Empty,
        };

        var settings = AzureProviderSettings.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal(
            new AzureProviderSettings
            {
                AuthorityHost = "https://login.microsoftonline.us/",
                TenantId = "tenant",
                ClientId = "client",
                FederatedTokenFile = "/var/run/secrets/azure/tokens/azure-identity-token",
                EnvironmentFilePath = "/etc/kubernetes/akscustom.json",
            },
            settings);
        Assert.False(settings.HasEnvironmentCredential);
    }

    [Theory]
    [InlineData("AZURE_CLIENT_SECRET", null, true)]
    [InlineData("AZURE_CLIENT_CERTIFICATE_PATH", null, true)]
    [InlineData("AZURE_USERNAME", "AZURE_PASSWORD", true)]
    [InlineData("AZURE_USERNAME", null, false)]
    public void Settings_EnvironmentCredential_NeedsTenantClientAndASecret(string first, string? second, bool expected)
    {
        var variables = new Dictionary<string, string> { ["AZURE_TENANT_ID"] = "t", ["AZURE_CLIENT_ID"] = "c", [first] = "s3cret-value" };
        if (second is not null)
        {
            variables[second] = "s3cret-value";
        }

        var settings = AzureProviderSettings.FromEnvironment(name => variables.GetValueOrDefault(name));
        var withoutTenant = AzureProviderSettings.FromEnvironment(name => name == "AZURE_TENANT_ID" ? null : variables.GetValueOrDefault(name));

        Assert.Equal(expected, settings.HasEnvironmentCredential);
        Assert.False(withoutTenant.HasEnvironmentCredential);
        Assert.DoesNotContain("s3cret", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonHttpsAuthorityHost_FailsClosedWithTheVariable()
    {
        using var provider = new AzureRegistryProvider(new AzureProviderSettings { AuthorityHost = "http://login.example/", TenantId = "t", ClientId = "c", FederatedTokenFile = "/f" });

        var error = await Assert.ThrowsAsync<CloudProviderException>(
            () => provider.GetAccessTokenAsync("foo.azurecr.io", null, new CloudHttp(), TestContext.Current.CancellationToken));

        Assert.StartsWith("invalid AZURE_AUTHORITY_HOST 'http://login.example/': ", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(_work);

    private string EnvironmentFile(string json)
    {
        var path = Path.Combine(_work, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
