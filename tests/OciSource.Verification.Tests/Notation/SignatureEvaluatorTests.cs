using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using OciSource.Distribution.Content;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

/// <summary>The checks and the level table on hand-made envelopes (the registry path is in NotationVerifierTests).</summary>
public sealed class SignatureEvaluatorTests : IDisposable
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly Digest Subject = Digest.Parse("sha256:" + new string('d', 64));
    private readonly TestSigner _signer = TestSigner.CreateEcdsa(Now.AddHours(-1));

    [Fact]
    public void Evaluate_MatchingEnvelope_Verified() =>
        Assert.Equal(NotationOutcome.Verified, Evaluate(Jws(Subject.ToString(), 10, ManifestType), "strict").Outcome);

    [Theory]
    [InlineData("sha256:eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", 10, ManifestType)]
    [InlineData(null, 11, ManifestType)]
    [InlineData(null, 10, "application/vnd.oci.image.index.v1+json")]
    public void Evaluate_PayloadNamesAnotherArtifact_FailsAtEveryLevel(string? digest, long size, string mediaType)
    {
        FailsAtEveryLevel(Jws(digest ?? Subject.ToString(), size, mediaType), "integrity check failed: the signature is for");
    }

    [Fact]
    public void Evaluate_SigningAuthorityScheme_FailsClosedAtEveryLevel()
    {
        var header = _signer.JwsHeader(Now);
        header["io.cncf.notary.signingScheme"] = "notary.x509.signingAuthority";
        header["io.cncf.notary.authenticSigningTime"] = "2026-12-05T12:00:00Z";
        header["crit"]!.AsArray().Add("io.cncf.notary.authenticSigningTime");
        FailsAtEveryLevel(
            _signer.Jws(header, TestSigner.Payload(ManifestType, Subject.ToString(), 10)),
            "notary.x509.signingAuthority needs the time-stamping authority's countersignature");
    }

    [Fact]
    public void Evaluate_AlgorithmNotMatchingTheKey_IntegrityFailure()
    {
        var header = _signer.JwsHeader(Now);
        header["alg"] = "ES384";
        var result = Evaluate(_signer.Jws(header, TestSigner.Payload(ManifestType, Subject.ToString(), 10)), "audit");

        Assert.Equal(NotationOutcome.Failed, result.Outcome);
        Assert.Contains("does not match the signature algorithm ES384", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PolicyWithoutCaStore_AuthenticityFailure()
    {
        var policy = TestPolicies.For("r.example/repo", "strict", "signingAuthority:tsa").Policies[0];

        var result = SignatureEvaluator.Evaluate(Jws(Subject.ToString(), 10, ManifestType), "application/jose+json", Target(), policy, [_signer.Certificate], Now);

        Assert.Equal(NotationOutcome.Failed, result.Outcome);
        Assert.Contains("names no ca: trust store", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CertificateExpiredNow_AuthenticTimestampEnforcedAtStrictOnly()
    {
        var envelope = Jws(Subject.ToString(), 10, ManifestType);
        var later = Now.AddDays(2);
        var policy = (string level) => TestPolicies.For("r.example/repo", level).Policies[0];

        var strict = SignatureEvaluator.Evaluate(envelope, "application/jose+json", Target(), policy("strict"), [_signer.Certificate], later);
        var permissive = SignatureEvaluator.Evaluate(envelope, "application/jose+json", Target(), policy("permissive"), [_signer.Certificate], later);

        Assert.Equal(NotationOutcome.Failed, strict.Outcome);
        Assert.Contains("authenticTimestamp check failed", strict.Reason, StringComparison.Ordinal);
        Assert.Equal(NotationOutcome.Verified, permissive.Outcome);
        Assert.Contains("logged at level permissive: authenticTimestamp check failed", permissive.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CertificateExpiredNowWithTimestamp_FailsAtStrictSayingTheTimestampIsNotVerified()
    {
        var json = JsonNode.Parse(Jws(Subject.ToString(), 10, ManifestType))!;
        json["header"]!["io.cncf.notary.timestampSignature"] = "AAAA";
        var envelope = Encoding.UTF8.GetBytes(json.ToJsonString());

        var result = SignatureEvaluator.Evaluate(envelope, "application/jose+json", Target(), TestPolicies.For("r.example/repo", "strict").Policies[0], [_signer.Certificate], Now.AddDays(2));

        Assert.Equal(NotationOutcome.Failed, result.Outcome);
        Assert.Contains("timestamp countersignature is not verified", result.Reason, StringComparison.Ordinal);
    }

    /// <summary>A leaf naming a CRL has an unknown revocation status offline: enforced at strict, logged otherwise.</summary>
    [Fact]
    public void Evaluate_LeafNamingCrl_RevocationEnforcedAtStrictOnly()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(Now.AddHours(-2), Now.AddDays(1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=leaf", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(["http://crl.example/leaf.crl"]));
        using var leaf = leafRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), Now.AddHours(-1), Now.AddDays(1), [7]);
        var header = new JsonObject
        {
            ["alg"] = "ES256",
            ["crit"] = new JsonArray("io.cncf.notary.signingScheme"),
            ["cty"] = "application/vnd.cncf.notary.payload.v1+json",
            ["io.cncf.notary.signingScheme"] = "notary.x509",
            ["io.cncf.notary.signingTime"] = "2026-12-05T12:00:00Z",
        };
        var envelope = JwsWithKey(leafKey, header, TestSigner.Payload(ManifestType, Subject.ToString(), 10), leaf, root);
        var policy = (string level) => TestPolicies.For("r.example/repo", level).Policies[0];

        var strict = SignatureEvaluator.Evaluate(envelope, "application/jose+json", Target(), policy("strict"), [root], Now);
        var permissive = SignatureEvaluator.Evaluate(envelope, "application/jose+json", Target(), policy("permissive"), [root], Now);

        Assert.Equal(NotationOutcome.Failed, strict.Outcome);
        Assert.Contains("revocation check failed", strict.Reason, StringComparison.Ordinal);
        Assert.Equal(NotationOutcome.Verified, permissive.Outcome);
        Assert.Contains("revocation check failed", permissive.Reason, StringComparison.Ordinal);
    }

    public void Dispose() => _signer.Dispose();

    private static SignatureEvaluator.Target Target() => new(Subject, 10, ManifestType);

    private static byte[] JwsWithKey(ECDsa key, JsonObject header, byte[] payload, params X509Certificate2[] chain)
    {
        var protectedText = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var payloadText = System.Buffers.Text.Base64Url.EncodeToString(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(protectedText + "." + payloadText), HashAlgorithmName.SHA256);
        var envelope = new JsonObject
        {
            ["payload"] = payloadText,
            ["protected"] = protectedText,
            ["header"] = new JsonObject { ["x5c"] = new JsonArray([.. chain.Select(c => (JsonNode)Convert.ToBase64String(c.RawData))]) },
            ["signature"] = System.Buffers.Text.Base64Url.EncodeToString(signature),
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    private void FailsAtEveryLevel(byte[] envelope, string expected)
    {
        foreach (var level in new[] { "strict", "permissive", "audit" })
        {
            var result = Evaluate(envelope, level);
            Assert.True(result.Outcome == NotationOutcome.Failed, $"{level}: {result.Reason}");
            Assert.Contains(expected, result.Reason, StringComparison.Ordinal);
        }
    }

    private byte[] Jws(string digest, long size, string mediaType) =>
        _signer.Jws(_signer.JwsHeader(Now), TestSigner.Payload(mediaType, digest, size));

    private NotationResult Evaluate(byte[] envelope, string level) =>
        SignatureEvaluator.Evaluate(envelope, "application/jose+json", Target(), TestPolicies.For("r.example/repo", level).Policies[0], [_signer.Certificate], Now);
}
