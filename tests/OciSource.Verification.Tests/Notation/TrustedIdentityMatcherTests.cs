using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

public sealed class TrustedIdentityMatcherTests
{
    private static X509Certificate2 Certificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("x509.subject: C=US, ST=WA, O=Example, CN=signer", true)]
    [InlineData("x509.subject:O=Example,ST=WA,C=US", true)]
    [InlineData("x509.subject: C=US, ST=WA, O=Other", false)]
    [InlineData("x509.subject: C=US, ST=WA, O=Example, OU=Extra", false)]
    [InlineData("x509.subject:", false)]
    [InlineData("CN=signer", false)]
    public void MatchesBySubjectSubset(string identity, bool expected)
    {
        using var leaf = Certificate("CN=signer, O=Example, ST=WA, C=US");

        Assert.Equal(expected, TrustedIdentityMatcher.Matches([identity], leaf));
    }

    [Fact]
    public void EscapedCommaStaysInTheValue()
    {
        using var leaf = Certificate("CN=signer, O=\"Example, Inc\", C=US");

        Assert.True(TrustedIdentityMatcher.Matches(["x509.subject: O=Example\\, Inc, C=US"], leaf));
        Assert.False(TrustedIdentityMatcher.Matches(["x509.subject: O=Example, C=US"], leaf));
    }
}
