using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

/// <summary>The Notary Project certificate requirements on chains built here.</summary>
public sealed class CodeSigningChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly Oid CodeSigning = new("1.3.6.1.5.5.7.3.3");

    [Fact]
    public void Validate_SelfSignedCodeSigningLeaf_Valid()
    {
        using var chain = Decode(Leaf("leaf", null, X509KeyUsageFlags.DigitalSignature, [CodeSigning]));

        Assert.Null(chain.Validate(Start.AddHours(1)));
        Assert.Empty(chain.WithRevocationInformation());
    }

    /// <summary>Leaf, intermediate (path length 0) and root with path length <paramref name="rootPathLength"/>.</summary>
    [Theory]
    [InlineData(1, null)]
    [InlineData(0, "path length constraint 0")]
    public void Validate_LeafIntermediateRoot_ValidUnlessRootPathLengthTooShort(int rootPathLength, string? expected)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Ca("root", rootKey, null, null, rootPathLength);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediate = Ca("intermediate", intermediateKey, root, rootKey, 0);
        using var leaf = Leaf("leaf", (intermediate, intermediateKey), X509KeyUsageFlags.DigitalSignature, [CodeSigning]);
        using var chain = Decode(leaf, intermediate, root);

        var violation = chain.Validate(Start.AddHours(1));

        if (expected is null)
        {
            Assert.Null(violation);
        }
        else
        {
            Assert.Contains(expected, violation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_WrongOrderOrForeignIssuer_Invalid()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Ca("root", rootKey, null, null, 1);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = Ca("root", otherKey, null, null, 1);
        using var leaf = Leaf("leaf", (root, rootKey), X509KeyUsageFlags.DigitalSignature, [CodeSigning]);
        using var alone = Decode(leaf);
        using var foreign = Decode(leaf, other);

        Assert.Contains("not self-signed", alone.Validate(Start.AddHours(1)), StringComparison.Ordinal);
        Assert.Contains("is not issued by", foreign.Validate(Start.AddHours(1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, "digital signature only")]
    [InlineData(X509KeyUsageFlags.KeyEncipherment, "digital signature only")]
    public void Validate_LeafKeyUsage_Invalid(X509KeyUsageFlags usage, string expected)
    {
        using var chain = Decode(Leaf("leaf", null, usage, [CodeSigning]));

        Assert.Contains(expected, chain.Validate(Start.AddHours(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeafServerAuth_Invalid()
    {
        using var chain = Decode(Leaf("leaf", null, X509KeyUsageFlags.DigitalSignature, [CodeSigning, new Oid("1.3.6.1.5.5.7.3.1")]));

        Assert.Contains("server authentication", chain.Validate(Start.AddHours(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeafWithoutKeyUsage_Invalid()
    {
        using var chain = Decode(Leaf("leaf", null, null, [CodeSigning]));

        Assert.Contains("key usage extension must be present", chain.Validate(Start.AddHours(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SigningTimeOutsideValidity_InvalidAndInvalidAtNames()
    {
        using var chain = Decode(Leaf("leaf", null, X509KeyUsageFlags.DigitalSignature, [CodeSigning]));

        Assert.Contains("not valid at the signing time", chain.Validate(Start.AddDays(3)), StringComparison.Ordinal);
        Assert.Null(chain.InvalidAt(Start.AddHours(1)));
        Assert.Contains("is not valid at", chain.InvalidAt(Start.AddDays(3)), StringComparison.Ordinal);
    }

    [Fact]
    public void WithRevocationInformation_LeafNamingCrl_Listed()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Ca("root", rootKey, null, null, 1);
        using var leaf = Leaf("leaf", (root, rootKey), X509KeyUsageFlags.DigitalSignature, [CodeSigning], crl: true);
        using var chain = Decode(leaf, root);

        Assert.Null(chain.Validate(Start.AddHours(1)));
        Assert.Equal("CN=leaf", Assert.Single(chain.WithRevocationInformation()).Subject);
    }

    [Fact]
    public void Decode_Empty_Throws() => Assert.Throws<SignatureEnvelopeException>(() => CodeSigningChain.Decode([]));

    private static CodeSigningChain Decode(params X509Certificate2[] certificates) => CodeSigningChain.Decode([.. certificates.Select(c => c.RawData)]);

    private static X509Certificate2 Ca(string name, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey, int pathLength)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        if (issuer is null)
        {
            return request.CreateSelfSigned(Start, Start.AddDays(2));
        }

        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey!), Start, Start.AddDays(2), [1, (byte)name.Length]);
        return signed.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Leaf(string name, (X509Certificate2 Certificate, ECDsa Key)? issuer, X509KeyUsageFlags? usage, Oid[] ekus, bool crl = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        if (usage is { } flags)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, true));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. ekus], false));
        if (crl)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(["http://crl.example/leaf.crl"]));
        }

        return issuer is { } parent
            ? request.Create(parent.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(parent.Key), Start, Start.AddDays(1), [2, 3, 4])
            : request.CreateSelfSigned(Start, Start.AddDays(1));
    }
}
