using OciSource.Distribution.Cloud.Aws;

namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>Registry host parsing as fluxcd/pkg <c>auth/aws</c> (its test table), anchored to the whole host. No network.</summary>
public sealed class EcrRegistryParsingTests
{
    private const string FluxPattern = @"([0-9+]*).dkr[.-]ecr(?:-fips)?\.([^/.]*)\.(amazonaws\.com[.cn]*|amazonaws\.eu|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|on\.aws)";
    private static readonly AwsRegistryProvider Provider = new(new AwsProviderSettings());

    [Theory]
    [InlineData("012345678901.dkr.ecr.us-east-1.amazonaws.com", "us-east-1")]
    [InlineData("012345678901.dkr.ecr.us-west-2.amazonaws.com:443", "us-west-2")]
    [InlineData("012345678901.dkr.ecr.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1")]
    [InlineData("012345678901.dkr.ecr.cn-north-1.amazonaws.com.cn", "cn-north-1")]
    [InlineData("012345678901.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1")]
    [InlineData("012345678901.dkr.ecr.us-secret-region.sc2s.sgov.gov", "us-secret-region")]
    [InlineData("012345678901.dkr.ecr-fips.us-ts-region.c2s.ic.gov", "us-ts-region")]
    [InlineData("012345678901.dkr.ecr.uk-region.cloud.adc-e.uk", "uk-region")]
    [InlineData("012345678901.dkr.ecr.us-ts-region.csp.hci.ic.gov", "us-ts-region")]
    [InlineData("557238627320.dkr-ecr.us-west-2.on.aws", "us-west-2")]
    [InlineData("public.ecr.aws", "public.ecr.aws")]
    public void ParseRegistry_EcrHosts_GiveTheRegion(string registry, string expected) =>
        Assert.Equal(expected, Provider.ParseRegistry(registry));

    [Theory]
    [InlineData("gcr.io")]
    [InlineData("myregistry.azurecr.io")]
    [InlineData("europe-docker.pkg.dev")]
    [InlineData("012345678901.dkr.ecr.us-east-1.amazonaws.com.example.org")]
    [InlineData("evil.example/012345678901.dkr.ecr.us-east-1.amazonaws.com")]
    [InlineData("public.ecr.aws.example.org")]
    [InlineData("")]
    public void ParseRegistry_OtherHosts_FailWithFluxMessage(string registry)
    {
        var error = Assert.Throws<CloudProviderException>(() => Provider.ParseRegistry(registry));

        Assert.Equal($"invalid AWS registry: '{registry}'. must match {FluxPattern}", error.Message);
    }

    [Fact]
    public void Name_IsAws() => Assert.Equal("aws", Provider.Name);
}
