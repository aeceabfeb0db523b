using System.Security.Cryptography;
using OciSource.Verification.Keys;

namespace OciSource.Verification.Tests.Keys;

public sealed class PublicKeyPemTests
{
    private static readonly byte[] Data = "signed bytes"u8.ToArray();

    [Fact]
    public void AnEcdsaKeyVerifiesItsSignatureAndRefusesATamperedOne()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signature = signer.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var key = PublicKeyPem.Parse(signer.ExportSubjectPublicKeyInfoPem());

        Assert.Equal("ECDSA P-256", key.Algorithm);
        Assert.True(key.VerifyData(Data, signature));
        Assert.True(key.VerifyDigest(SHA256.HashData(Data), HashAlgorithmName.SHA256, signature));
        Assert.False(key.VerifyData("other bytes"u8, signature));
    }

    [Fact]
    public void AnRsaKeyVerifiesItsSignature()
    {
        using var signer = RSA.Create(2048);
        var signature = signer.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var key = PublicKeyPem.Parse(signer.ExportSubjectPublicKeyInfoPem());

        Assert.True(key.VerifyData(Data, signature));
        signature[0] ^= 1;
        Assert.False(key.VerifyData(Data, signature));
    }

    [Fact]
    public void ASmallRsaKeyIsRefused()
    {
        using var signer = RSA.Create(1024);

        var error = Assert.Throws<KeyFormatException>(() => PublicKeyPem.Parse(signer.ExportSubjectPublicKeyInfoPem()));
        Assert.Contains("2048", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    public void MalformedKeysAreRefused(string pem) =>
        Assert.Throws<KeyFormatException>(() => PublicKeyPem.Parse(pem));
}
