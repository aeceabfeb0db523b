using OciSource.Api.Tests.Crd;

namespace OciSource.Api.Tests;

/// <summary>The C# API types and the CRD in <c>crds/</c> describe the same fields, names and types, for both served versions.</summary>
public sealed class CrdTypeAgreementTests
{
    private static CrdDocument Crd => CrdDocument.OciRepositories;

    [Fact]
    public void V1_Types_AgreeWithTheSchema_FieldByField()
    {
        var differences = SchemaAgreement.Compare(typeof(V1.OCIRepository), Crd.Version(V1.OCIRepository.Version).Schema,
            KubernetesSerializerOptions.Instance);

        Assert.True(differences.Count == 0, "v1 types and schema disagree:\n" + string.Join('\n', differences));
    }

    /// <summary>
    /// Both versions share <see cref="V1.OCIRepositorySpec"/> (the API server stores v1beta2 objects as v1, and the
    /// controller reads every object as v1), so v1beta2's schema lists every spec field v1 has, including
    /// <c>spec.verify.trustedRootSecretRef</c>, which Flux added to v1 only after v1beta2 left its CRD: a field
    /// missing there would be pruned whenever a v1beta2 client writes the object.
    /// </summary>
    [Fact]
    public void V1Beta2_Types_AgreeWithTheSchema_FieldByField()
    {
        var differences = SchemaAgreement.Compare(typeof(V1Beta2.OCIRepository), Crd.Version(V1Beta2.OCIRepository.Version).Schema,
            KubernetesSerializerOptions.Instance);

        Assert.True(differences.Count == 0, "v1beta2 types and schema disagree:\n" + string.Join('\n', differences));
    }

    [Fact]
    public void V1Beta2Schema_DiffersFromV1_OnlyInFluxsDocumentedFields()
    {
        var v1 = Crd.Version(V1.OCIRepository.Version).Schema;
        var v1Beta2 = Crd.Version(V1Beta2.OCIRepository.Version).Schema;

        Assert.Contains("trustedRootSecretRef", v1.At("spec.verify").Properties.Keys);
        Assert.Contains("trustedRootSecretRef", v1Beta2.At("spec.verify").Properties.Keys);
        Assert.DoesNotContain("contentConfigChecksum", v1.At("status").Properties.Keys);
        Assert.Equal("string", v1Beta2.At("status.contentConfigChecksum").Type);
        Assert.Contains("digest", v1.At("status.artifact").Required);
        Assert.Contains("digest", v1Beta2.At("status.artifact").Required);
    }
}
