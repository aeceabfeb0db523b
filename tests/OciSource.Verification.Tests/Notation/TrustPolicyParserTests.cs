using System.Text;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

public sealed class TrustPolicyParserTests
{
    private const string Valid = """
        {"version":"1.0","trustPolicies":[
          {"name":"exact","registryScopes":["localhost:5000/app"],"signatureVerification":{"level":"strict"},
           "trustStores":["ca:flux"],"trustedIdentities":["x509.subject: CN=signer,O=Example"]},
          {"name":"rest","registryScopes":["*"],"signatureVerification":{"level":"skip"}}]}
        """;

    private static TrustPolicyDocument Parse(string json) => TrustPolicyParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void ParsesStatementsInOrder()
    {
        var document = Parse(Valid);

        Assert.Equal(["exact", "rest"], document.Policies.Select(p => p.Name));
        Assert.Equal(VerificationLevel.Strict, document.Policies[0].Level);
        Assert.Equal(["ca:flux"], document.Policies[0].TrustStores);
        Assert.Equal(VerificationLevel.Skip, document.Policies[1].Level);
    }

    [Fact]
    public void ExactScopeWinsOverWildcard()
    {
        var document = Parse(Valid);

        Assert.Equal("exact", document.Applicable("localhost:5000/app")?.Name);
        Assert.Equal("rest", document.Applicable("localhost:5000/other")?.Name);
    }

    [Fact]
    public void NoWildcardMeansNoApplicablePolicy()
    {
        var document = Parse(Valid.Replace("""{"name":"rest","registryScopes":["*"],"signatureVerification":{"level":"skip"}}""", """{"name":"rest","registryScopes":["r.io/x"],"signatureVerification":{"level":"skip"}}""", StringComparison.Ordinal));

        Assert.Null(document.Applicable("localhost:5000/other"));
    }

    [Theory]
    [InlineData("""{"version":"2.0","trustPolicies":[]}""", "version")]
    [InlineData("""{"version":"1.0","trustPolicies":[]}""", "no trustPolicies")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["*","r.io/x"],"signatureVerification":{"level":"skip"}}]}""", "only scope")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["r.io/x:tag"],"signatureVerification":{"level":"skip"}}]}""", "without tag")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["r.io/x"],"signatureVerification":{"level":"lax"}}]}""", "not one of")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["r.io/x"],"signatureVerification":{"level":"strict"},"trustedIdentities":["*"]}]}""", "no trustStores")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["r.io/x"],"signatureVerification":{"level":"strict"},"trustStores":["tsa:t"],"trustedIdentities":["*"]}]}""", "ca:<name>")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["r.io/x"],"signatureVerification":{"level":"strict"},"trustStores":["ca:t"],"trustedIdentities":["CN=x"]}]}""", "x509.subject")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["r.io/x"],"signatureVerification":{"level":"skip"},"trustStores":["ca:t"]}]}""", "must not name")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["r.io/x"],"signatureVerification":{"level":"skip"}},{"name":"a","registryScopes":["r.io/y"],"signatureVerification":{"level":"skip"}}]}""", "more than once")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["r.io/x"],"signatureVerification":{"level":"skip"}},{"name":"b","registryScopes":["r.io/x"],"signatureVerification":{"level":"skip"}}]}""", "more than one statement")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["r.io/x"],"signatureVerification":{"level":"strict","override":{"revocation":"skip"}},"trustStores":["ca:t"],"trustedIdentities":["*"]}]}""", "override")]
    public void RejectsInvalidDocumentsWithReason(string json, string reason)
    {
        var e = Assert.Throws<TrustPolicyException>(() => Parse(json));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("""{"version":1}""")]
    [InlineData("""{"version":"1.0","trustPolicies":[1]}""")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":"x"}]}""")]
    [InlineData("""{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":[1]}]}""")]
    public void MalformedDocumentsFailCleanly(string json) =>
        Assert.Throws<TrustPolicyException>(() => Parse(json));

    [Fact]
    public void OversizedDocumentIsRefused() =>
        Assert.Throws<TrustPolicyException>(() => TrustPolicyParser.Parse(new byte[TrustPolicyParser.MaxBytes + 1]));
}
