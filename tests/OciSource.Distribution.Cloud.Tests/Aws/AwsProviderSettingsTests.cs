using OciSource.Distribution.Cloud.Aws;

namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>The settings read from the AWS SDKs' documented environment variables (given as a dictionary, not the process environment).</summary>
public sealed class AwsProviderSettingsTests
{
    [Fact]
    public void FromEnvironment_ServiceSpecificEndpointsWin_GlobalEndpointFillsTheRest()
    {
        var settings = Read(new()
        {
            ["AWS_ENDPOINT_URL"] = "http://localstack:4566",
            ["AWS_ENDPOINT_URL_STS"] = "https://sts.eu-west-1.amazonaws.com",
            ["AWS_ENDPOINT_URL_ECR"] = "http://127.0.0.1:5000",
            ["AWS_USE_FIPS_ENDPOINT"] = "true",
        });

        Assert.Equal(new Uri("https://sts.eu-west-1.amazonaws.com"), settings.StsEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), settings.EcrEndpoint);
        Assert.Equal(new Uri("http://localstack:4566"), settings.EcrPublicEndpoint);
        Assert.True(settings.UseFipsEndpoint);
        Assert.Null(settings.WebIdentity);
    }

    [Fact]
    public void FromEnvironment_Irsa_IsTheWebIdentity_UnlessEnvironmentKeysAreSet()
    {
        var irsa = new Dictionary<string, string>
        {
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
            ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/controller",
            ["AWS_ROLE_SESSION_NAME"] = "ocisource",
        };

        Assert.Equal(
            new AwsWebIdentity("/var/run/secrets/eks.amazonaws.com/serviceaccount/token", "arn:aws:iam::123456789012:role/controller", "ocisource"),
            Read(irsa).WebIdentity);
        Assert.Null(Read(new(irsa) { ["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLE" }).WebIdentity);
        Assert.Null(Read(new() { ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/controller" }).WebIdentity);
    }

    [Fact]
    public void FromEnvironment_NothingSet_IsTheSdkDefaults()
    {
        var settings = Read([]);

        Assert.Equal(new AwsProviderSettings(), settings);
    }

    [Fact]
    public void FromEnvironment_MalformedEndpoint_NamesTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(new() { ["AWS_ENDPOINT_URL_ECR"] = "not a url" }));

        Assert.Contains("AWS_ENDPOINT_URL_ECR", error.Message, StringComparison.Ordinal);
    }

    private static AwsProviderSettings Read(Dictionary<string, string> variables) =>
        AwsProviderSettings.FromEnvironment(name => variables.GetValueOrDefault(name));
}
