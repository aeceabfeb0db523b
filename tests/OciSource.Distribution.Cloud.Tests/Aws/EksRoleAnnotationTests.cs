using OciSource.Distribution.Cloud.Aws;

namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>The ServiceAccount annotation and audience Flux reads for object-level identity on AWS. No network.</summary>
public sealed class EksRoleAnnotationTests
{
    private const string FluxRolePattern = @"^arn:aws[\w-]*:iam::[0-9]{1,30}:role/.{1,200}$";
    private static readonly AwsRegistryProvider Provider = new(new AwsProviderSettings());

    [Theory]
    [InlineData("arn:aws:iam::1234567890:role/some-role")]
    [InlineData("arn:aws-cn:iam::123456789012:role/path/to/role")]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/r")]
    public void GetIdentity_RoleArnAnnotation_IsTheIdentity(string arn) =>
        Assert.Equal(arn, Provider.GetIdentity(Account(arn)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("arn:aws:iam::123456789012:user/someone")]
    [InlineData("arn:aws:iam::12345678901234567890123456789012:role/too-long-account")]
    [InlineData("arn:aws:iam::123456789012:role/a\nb")]
    public void GetIdentity_MissingOrMalformedAnnotation_FailsWithFluxMessage(string? arn)
    {
        var error = Assert.Throws<CloudProviderException>(() => Provider.GetIdentity(Account(arn)));

        Assert.Equal($"invalid eks.amazonaws.com/role-arn annotation: '{arn}'. must match {FluxRolePattern}", error.Message);
    }

    [Fact]
    public async Task GetAudiences_IsStsAmazonawsCom()
    {
        var audiences = await Provider.GetAudiencesAsync(Account("arn:aws:iam::1:role/r"), new CloudHttp(), TestContext.Current.CancellationToken);

        Assert.Equal(["sts.amazonaws.com"], audiences);
    }

    private static ServiceAccountInfo Account(string? arn) =>
        new("apps", "puller", arn is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = arn });
}
