using OciSource.Api.Tests.Crd;

namespace OciSource.Api.Tests;

/// <summary>The CRD's names, versions and printer columns are Flux source-controller's (shared reference §1, §8).</summary>
public sealed class CrdDefinitionTests
{
    private static CrdDocument Crd => CrdDocument.OciRepositories;

    [Fact]
    public void Names_AreFluxs()
    {
        Assert.Equal($"{SourceApi.Plural}.{SourceApi.Group}", Crd.Name);
        Assert.Equal(SourceApi.Group, Crd.Group);
        Assert.Equal("Namespaced", Crd.Scope);
        Assert.Equal(SourceApi.Kind, Crd.Names("kind"));
        Assert.Equal("OCIRepositoryList", Crd.Names("listKind"));
        Assert.Equal(SourceApi.Plural, Crd.Names("plural"));
        Assert.Equal("ocirepository", Crd.Names("singular"));
        Assert.Equal(["ocirepo"], Crd.NameList("shortNames"));
        Assert.Equal(["all", "fluxcd", "fluxcd-sources"], Crd.NameList("categories"));
        Assert.Equal("disabled", Crd.Annotation("kustomize.toolkit.fluxcd.io/substitute"));
    }

    [Fact]
    public void V1_IsTheServedStorageVersion()
    {
        Assert.Equal([V1.OCIRepository.Version, V1Beta2.OCIRepository.Version], Crd.Versions.Select(version => version.Name));
        var v1 = Crd.Version(V1.OCIRepository.Version);

        Assert.True(v1.Served);
        Assert.True(v1.Storage);
        Assert.False(v1.Deprecated);
        Assert.True(v1.HasStatusSubresource);
    }

    [Fact]
    public void V1Beta2_IsServed_AndDeprecatedWithFluxsWarning()
    {
        var v1Beta2 = Crd.Version(V1Beta2.OCIRepository.Version);

        Assert.True(v1Beta2.Served);
        Assert.False(v1Beta2.Storage);
        Assert.True(v1Beta2.Deprecated);
        Assert.Equal("v1beta2 OCIRepository is deprecated, upgrade to v1", v1Beta2.DeprecationWarning);
        Assert.True(v1Beta2.HasStatusSubresource);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta2")]
    public void PrinterColumns_AreUrlReadyStatusAge(string version)
    {
        string[] expected =
        [
            "URL|string|.spec.url",
            "Ready|string|.status.conditions[?(@.type==\"Ready\")].status",
            "Status|string|.status.conditions[?(@.type==\"Ready\")].message",
            "Age|date|.metadata.creationTimestamp",
        ];

        Assert.Equal(expected, Crd.Version(version).PrinterColumns);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta2")]
    public void RequiredFields_AreFluxs(string version)
    {
        var schema = Crd.Version(version).Schema;

        Assert.Equal(new HashSet<string> { "interval", "url" }, schema.At("spec").Required);
        Assert.Equal(new HashSet<string> { "provider" }, schema.At("spec.verify").Required);
        Assert.Equal(new HashSet<string> { "issuer", "subject" }, schema.At("spec.verify.matchOIDCIdentity").Items!.Required);
        Assert.Superset(new HashSet<string> { "lastUpdateTime", "path", "revision", "url" }, schema.At("status.artifact").Required.ToHashSet());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v1beta2")]
    public void DefaultsPatternsAndEnums_AreFluxs(string version)
    {
        var spec = Crd.Version(version).Schema.At("spec");

        Assert.Equal("^oci://.*$", spec.At("url").Pattern);
        Assert.Equal(@"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$", spec.At("interval").Pattern);
        Assert.Equal(@"^([0-9]+(\.[0-9]+)?(ms|s|m))+$", spec.At("timeout").Pattern);
        Assert.Equal("60s", spec.At("timeout").Default);
        Assert.Equal("generic", spec.At("provider").Default);
        Assert.Equal(["generic", "aws", "azure", "gcp"], spec.At("provider").Enum);
        Assert.Equal(["extract", "copy"], spec.At("layerSelector.operation").Enum);
        Assert.Equal("cosign", spec.At("verify.provider").Default);
        Assert.Equal(["cosign", "notation"], spec.At("verify.provider").Enum);
        Assert.Equal("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", Crd.Version(version).Schema.At("status.artifact.digest").Pattern);
    }
}
