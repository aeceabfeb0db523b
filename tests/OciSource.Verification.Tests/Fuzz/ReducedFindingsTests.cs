using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using OciSource.Verification.Cosign;
using OciSource.Verification.Keys;
using OciSource.Verification.Notation;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary>
/// The fuzz findings, each reduced to a fixed input: every one raised an undocumented exception before its fix (or,
/// for the two outside this change's files, still does and is skipped with the reason).
/// </summary>
public sealed class ReducedFindingsTests
{
    private static readonly byte[] HappyBundle = File.ReadAllBytes(Path.Combine(FuzzCorpus.Cases, "happy-path-v0.3", "bundle.sigstore.json"));
    private static readonly byte[] HappyDigest = SHA256.HashData(File.ReadAllBytes(Path.Combine(FuzzCorpus.Cases, "a.txt")));

    [Fact]
    public void PublicKeyPem_EcKeyOnAnUnknownCurve_IsAKeyFormatException()
    {
        // Seed 5802 input #3: the P-256 curve OID with one arc mangled (2.1147640.10045.3.1.7); OpenSSL raised PlatformNotSupportedException.
        var der = Convert.FromBase64String("MFkwEwYHKoZIzj0CAQYIxoZIzj0DAQcDQgAExRRST79+PsrRBnGAI4cMuzqjps9iYX8JTFvoCLrTSlUWjMkuK0Cr4J72BzmnxSQbLj55pVHhIoAxi/SRgURZI0J3Xw==");

        Assert.Throws<KeyFormatException>(() => PublicKeyPem.FromSubjectPublicKeyInfo(der));
    }

    [Fact]
    public void PublicKeyPem_Ed25519KeyNotOnTheCurve_IsAKeyFormatException()
    {
        // Seed 5602 input #4006 (via the trusted root): BouncyCastle raised ArgumentException "invalid public key".
        byte[] der = [.. Convert.FromHexString("302a300506032b6570032100"), .. Enumerable.Repeat((byte)0xFF, 32)];

        Assert.Throws<KeyFormatException>(() => PublicKeyPem.FromSubjectPublicKeyInfo(der));
    }

    [Fact]
    public void TrustedRoot_Ed25519LogKeyNotOnTheCurve_IsASigstoreVerificationException()
    {
        var key = Convert.ToBase64String([.. Convert.FromHexString("302a300506032b6570032100"), .. Enumerable.Repeat((byte)0xFF, 32)]);
        var json = $$$"""{"tlogs":[{"baseUrl":"https://log","publicKey":{"rawBytes":"{{{key}}}","keyDetails":"PKIX_ED25519","validFor":{"start":"2020-01-01T00:00:00Z"}},"logId":{"keyId":"AAAA"}}]}""";

        Assert.Throws<SigstoreVerificationException>(() => TrustedRoot.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("\"*\"")]
    [InlineData("7")]
    public void Bundle_InclusionProofHashNotBase64_IsASigstoreVerificationException(string hash)
    {
        // Seed 5302 input #13: FormatException out of Bundle.ReadEntry; a number there raised InvalidOperationException.
        var bundle = JsonNode.Parse(HappyBundle)!;
        bundle["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!["hashes"]![0] = JsonNode.Parse(hash);

        Assert.Throws<SigstoreVerificationException>(() => Bundle.Parse(Encoding.UTF8.GetBytes(bundle.ToJsonString())));
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x6D, 0x65, 0x64, 0x69, 0x61, 0x54, 0x79, 0x70, 0x65, 0x22, 0x3A, 0x22, 0x61, 0xFF, 0x62, 0x22, 0x7D })] // {"mediaType":"a\xFFb"}
    [InlineData(new byte[] { 0x7B, 0x22, 0x6D, 0x65, 0x64, 0x69, 0x61, 0x54, 0x79, 0x70, 0x65, 0x22, 0x3A, 0x22, 0x5C, 0x75, 0x64, 0x38, 0x30, 0x30, 0x22, 0x7D })] // {"mediaType":"\ud800"}
    public void Bundle_StringNotValidUnicode_IsASigstoreVerificationException(byte[] json)
    {
        // Seeds 5203 #15 and 5402 #38: JsonElement.GetString raised InvalidOperationException.
        Assert.Throws<SigstoreVerificationException>(() => Bundle.Parse(json));
    }

    [Fact]
    public void Bundle_LogIndexStringNotValidUnicode_IsASigstoreVerificationException()
    {
        // Seed 5203 input #207: Json.Int64 read the string with JsonElement.GetString, which raised InvalidOperationException.
        var bundle = JsonNode.Parse(HappyBundle)!;
        bundle["verificationMaterial"]!["tlogEntries"]![0]!["logIndex"] = "@@";
        var json = bundle.ToJsonString().Replace("\"@@\"", "\"\\ud800\"", StringComparison.Ordinal);

        Assert.Throws<SigstoreVerificationException>(() => Bundle.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void TrustedRoot_StringNotValidUnicode_IsASigstoreVerificationException()
    {
        Assert.Throws<SigstoreVerificationException>(() => TrustedRoot.Parse("{\"mediaType\":\"\\ud800\"}"u8));
    }

    [Fact]
    public void Sct_TimestampBeyondDateTimeOffset_IsRefusedNotArgumentOutOfRange()
    {
        // Seed 6002 input #35: an SCT whose timestamp is 0x00FFFF00FFFFB11D ms; FromUnixTimeMilliseconds raised ArgumentOutOfRangeException.
        var list = Convert.FromBase64String("AHcAdQArMLzcaIjJ4uHYJiledB9IOTGWAvKcM8teQ0D+sqyGegD//wD//7EdAAAEAwBGMEQCIBFniGiXvLmexhkHxCv0QkUReoHqhN09rxFfUVHvEuYgAiBXFCyWNiIONZR722N1XcDyKAn9FdUAqQdG7jEymPnWOQ==");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=reduced", key, HashAlgorithmName.SHA256);
        var value = new AsnWriter(AsnEncodingRules.DER);
        value.WriteOctetString(list);
        request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.11129.2.4.2", value.Encode(), false));
        using var leaf = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));

        var error = Assert.Throws<SigstoreVerificationException>(() => SignedCertificateTimestamps.Verify(leaf, FuzzCorpus.FulcioIntermediate, TrustedRoot.Production));

        Assert.Contains("No SCT", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("253402300800")]
    public void Verify_IntegratedTimeBeyondDateTimeOffset_IsASigstoreVerificationException(string integrated)
    {
        var bundle = JsonNode.Parse(HappyBundle)!;
        bundle["verificationMaterial"]!["tlogEntries"]![0]!["integratedTime"] = integrated;
        var policy = VerificationPolicy.ForIdentities([new CertificateIdentity(".*", ".*")]);

        Assert.Throws<SigstoreVerificationException>(() =>
            new BundleVerifier(TrustedRoot.Production).Verify(Encoding.UTF8.GetBytes(bundle.ToJsonString()), HappyDigest, policy));
    }

    [Fact]
    public void TrustPolicy_LoneSurrogate_IsATrustPolicyException() =>
        Assert.Throws<TrustPolicyException>(() => TrustPolicyParser.Parse(
            """{"version":"1.0","trustPolicies":[{"name":"a","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:x"],"trustedIdentities":["\ud800"]}]}"""u8));

    [Fact]
    public void SimpleSigningPayload_LoneSurrogate_IsNotNamed() =>
        Assert.False(SimpleSigningPayload.NamesDigest("""{"critical":{"type":"\ud800"}}"""u8, "sha256:00"));
}
