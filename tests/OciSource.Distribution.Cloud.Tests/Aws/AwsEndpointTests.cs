using Amazon.Runtime.Endpoints;
using Amazon.SecurityToken.Model;
using OciSource.Distribution.Cloud.Aws;

namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>Which AWS endpoints the provider calls when none is configured (as AWS documents them). No network.</summary>
public sealed class AwsEndpointTests
{
    [Theory]
    [InlineData("eu-west-1", false, "https://api.ecr.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", false, "https://api.ecr.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", true, "https://ecr-fips.us-gov-west-1.amazonaws.com/")]
    [InlineData("eusc-de-east-1", false, "https://api.ecr.eusc-de-east-1.amazonaws.eu/")]
    [InlineData("public.ecr.aws", false, "https://api.ecr-public.us-east-1.amazonaws.com/")]
    public void Ecr_DefaultEndpoint_OfTheRegionsPartition(string input, bool fips, string expected)
    {
        var api = EcrApi.For(input, new AwsProviderSettings { UseFipsEndpoint = fips });

        Assert.Equal(expected, api.Endpoint.ToString());
    }

    [Fact]
    public void Ecr_ConfiguredEndpoint_SignedForTheRegistrysRegion()
    {
        var api = EcrApi.For("eu-central-1", new AwsProviderSettings { EcrEndpoint = new Uri("http://127.0.0.1:4566") });

        Assert.Equal(("http://127.0.0.1:4566/", "eu-central-1", "ecr"), (api.Endpoint.ToString(), api.Region, api.SigningService));
    }

    [Theory]
    [InlineData("eu-west-1", false, "https://sts.eu-west-1.amazonaws.com")]
    [InlineData("us-east-1", false, "https://sts.us-east-1.amazonaws.com")]
    [InlineData("cn-north-1", false, "https://sts.cn-north-1.amazonaws.com.cn")]
    [InlineData("us-east-1", true, "https://sts-fips.us-east-1.amazonaws.com")]
    public void Sts_DefaultEndpoint_IsRegional_InTheRegistrysRegion(string region, bool fips, string expected)
    {
        using var client = StsClientFactory.Create(new AwsProviderSettings { UseFipsEndpoint = fips }, region, new CloudHttp());

        var endpoint = client.Config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(new AssumeRoleWithWebIdentityRequest()));

        Assert.Equal(expected, endpoint.URL.TrimEnd('/'));
    }

    [Fact]
    public async Task Cancelled_ThrowsOperationCanceled_NotAProviderError()
    {
        using var provider = new AwsRegistryProvider(new AwsProviderSettings { StsEndpoint = new Uri("http://127.0.0.1:9") });
        var account = new ServiceAccountInfo("apps", "puller", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::1:role/r" });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            provider.GetAccessTokenAsync("1.dkr.ecr.eu-west-1.amazonaws.com", new WorkloadToken(account, "t"), new CloudHttp(), new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task WebIdentityTokenFileNotAbsolute_SdksMessage_AsProviderError()
    {
        using var provider = new AwsRegistryProvider(new AwsProviderSettings { WebIdentity = new AwsWebIdentity("token", "arn:aws:iam::1:role/r", null) });

        var error = await Assert.ThrowsAsync<CloudProviderException>(() =>
            provider.GetAccessTokenAsync("1.dkr.ecr.eu-west-1.amazonaws.com", null, new CloudHttp(), TestContext.Current.CancellationToken));

        Assert.StartsWith("the controller's web identity (AssumeRoleWithWebIdentity) failed: The webIdentityTokenFile must be an absolute path.", error.Message, StringComparison.Ordinal);
    }
}
