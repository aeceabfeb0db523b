using OciSource.Distribution.Cloud.Gcp;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>The settings come from Google's documented variables; everything else is Google's public endpoint.</summary>
public sealed class GcpProviderSettingsTests
{
    [Fact]
    public void FromEnvironment_ReadsGoogleVariables()
    {
        var variables = new Dictionary<string, string>
        {
            ["GCE_METADATA_HOST"] = "metadata.internal:8080",
            ["GOOGLE_APPLICATION_CREDENTIALS"] = "/var/run/secrets/google/credentials.json",
        };

        var settings = GcpProviderSettings.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal("metadata.internal:8080", settings.MetadataHost);
        Assert.Equal("/var/run/secrets/google/credentials.json", settings.CredentialsFile);
        Assert.Equal(new Uri("https://sts.googleapis.com/v1/token"), settings.StsTokenEndpoint);
        Assert.Equal(new Uri("https://iamcredentials.googleapis.com/"), settings.IamCredentialsEndpoint);
    }

    [Fact]
    public void FromEnvironment_WithoutVariables_UsesTheMetadataServerAddress()
    {
        var settings = GcpProviderSettings.FromEnvironment(_ => null);

        Assert.Equal("169.254.169.254", settings.MetadataHost);
        Assert.Null(settings.CredentialsFile);
    }
}
