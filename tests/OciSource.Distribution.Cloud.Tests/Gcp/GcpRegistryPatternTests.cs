using OciSource.Distribution.Cloud.Gcp;

namespace OciSource.Distribution.Cloud.Tests.Gcp;

/// <summary>Registry hosts of the gcp provider, with fluxcd/pkg <c>auth/gcp</c>'s examples and message. No network.</summary>
public sealed class GcpRegistryPatternTests
{
    private static readonly GcpRegistryProvider Provider = new(new GcpProviderSettings());

    [Theory]
    [InlineData("gcr.io")]
    [InlineData("a.gcr.io")]
    [InlineData("eu.gcr.io")]
    [InlineData("a-docker.pkg.dev")]
    [InlineData("europe-west1-docker.pkg.dev")]
    [InlineData("docker.s3nsregistry.fr")]
    public void GcpHosts_AreAccepted_AndTheCredentialDependsOnNothingElse(string registry) =>
        Assert.Equal("gcp", Provider.ParseRegistry(registry));

    [Theory]
    [InlineData(".gcr.io")]
    [InlineData("-docker.pkg.dev")]
    [InlineData("012345678901.dkr.ecr.us-east-1.amazonaws.com")]
    [InlineData("u-france-east1-docker.s3nsregistry.fr")]
    [InlineData("myregistry.azurecr.io")]
    [InlineData("gcr.io.example.com")]
    [InlineData("ghcr.io")]
    public void OtherHosts_AreRejected_WithFluxsMessage(string registry)
    {
        var error = Assert.Throws<CloudProviderException>(() => Provider.ParseRegistry(registry));

        Assert.Equal(
            $"invalid GCP registry: '{registry}'. must match ^(((.+\\.)?gcr\\.io)|(.+-docker\\.pkg\\.dev)|(docker\\.s3nsregistry\\.fr))$",
            error.Message);
    }

    [Fact]
    public void Name_IsGcp() => Assert.Equal("gcp", Provider.Name);
}
