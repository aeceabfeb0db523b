using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OciSource.Testing;
using OciSource.Verification.Keys;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Sigstore;

/// <summary>
/// <see cref="VerificationPolicy.ForKeyOffline"/>: keyed bundles without any log entry (what cosign's offline signing
/// config writes) verify, while keyless and online keyed verification still require the transparency log.
/// </summary>
public sealed class OfflineKeyedPolicyTests : IDisposable
{
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private const string Subject = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";

    private static readonly string Cases = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "OciSource.Cli.Tests", "testdata", "sigstore-conformance");

    private readonly ECDsa _signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly VerificationKey _key;
    private readonly byte[] _artifact = SHA256.HashData("the artifact"u8);

    public OfflineKeyedPolicyTests() => _key = PublicKeyPem.FromSubjectPublicKeyInfo(_signer.ExportSubjectPublicKeyInfo());

    [Fact]
    public void ForKeyOffline_BundleWithoutLogEntry_Verifies()
    {
        var result = new BundleVerifier(TrustedRoot.Production).Verify(KeyedBundle(_artifact), _artifact, VerificationPolicy.ForKeyOffline(_key));

        Assert.Empty(result.SignedAt);
        Assert.Null(result.Issuer);
    }

    [Fact]
    public void ForKey_BundleWithoutLogEntry_IsRefused()
    {
        var error = Assert.Throws<SigstoreVerificationException>(() =>
            new BundleVerifier(TrustedRoot.Production).Verify(KeyedBundle(_artifact), _artifact, VerificationPolicy.ForKey(_key)));

        Assert.Contains("transparency-log entry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForKeyOffline_StatementNamingAnotherDigest_IsRefused()
    {
        var other = SHA256.HashData("another artifact"u8);

        var error = Assert.Throws<SigstoreVerificationException>(() =>
            new BundleVerifier(TrustedRoot.Production).Verify(KeyedBundle(other), _artifact, VerificationPolicy.ForKeyOffline(_key)));

        Assert.Contains("No subject of the in-toto statement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForKeyOffline_TamperedSignature_IsRefused()
    {
        var bundle = JsonNode.Parse(KeyedBundle(_artifact))!;
        var signature = bundle["dsseEnvelope"]!["signatures"]![0]!;
        var bytes = Convert.FromBase64String(signature["sig"]!.GetValue<string>());
        bytes[^1] ^= 1;
        signature["sig"] = Convert.ToBase64String(bytes);

        Assert.Throws<SigstoreVerificationException>(() =>
            new BundleVerifier(TrustedRoot.Production).Verify(Encoding.UTF8.GetBytes(bundle.ToJsonString()), _artifact, VerificationPolicy.ForKeyOffline(_key)));
    }

    [Fact]
    public void ForKeyOffline_CertificateBundle_IsRefused()
    {
        var (bundle, digest) = KeylessBundle(withoutLog: false);

        var error = Assert.Throws<SigstoreVerificationException>(() =>
            new BundleVerifier(TrustedRoot.Production).Verify(bundle, digest, VerificationPolicy.ForKeyOffline(_key)));

        Assert.Contains("signed with a certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForIdentities_KeylessBundleWithoutLogEntries_IsRefused()
    {
        var policy = VerificationPolicy.ForIdentities([CertificateIdentity.Exact(Issuer, Subject)]);
        var (intact, digest) = KeylessBundle(withoutLog: false);
        var (stripped, _) = KeylessBundle(withoutLog: true);

        new BundleVerifier(TrustedRoot.Production).Verify(intact, digest, policy);
        var error = Assert.Throws<SigstoreVerificationException>(() => new BundleVerifier(TrustedRoot.Production).Verify(stripped, digest, policy));

        Assert.False(policy.IgnoreTransparencyLog);
        Assert.Contains("transparency-log entry", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _key.Dispose();
        _signer.Dispose();
    }

    /// <summary>The shape cosign 3 writes with an empty signing config: a DSSE in-toto statement, a key hint, no log entry.</summary>
    private byte[] KeyedBundle(byte[] subjectDigest)
    {
        var statement = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(subjectDigest) } }),
            ["predicateType"] = "https://sigstore.dev/cosign/sign/v1",
            ["predicate"] = new JsonObject(),
        }.ToJsonString());
        const string payloadType = "application/vnd.in-toto+json";
        byte[] pae = [.. Encoding.UTF8.GetBytes($"DSSEv1 {payloadType.Length} {payloadType} {statement.Length} "), .. statement];
        var signature = _signer.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Encoding.UTF8.GetBytes(new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new JsonObject { ["publicKey"] = new JsonObject { ["hint"] = "test" } },
            ["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(statement),
                ["payloadType"] = payloadType,
                ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(signature) }),
            },
        }.ToJsonString());
    }

    private static (byte[] Bundle, byte[] Digest) KeylessBundle(bool withoutLog)
    {
        var bundle = JsonNode.Parse(File.ReadAllBytes(Path.Combine(Cases, "happy-path-v0.3", "bundle.sigstore.json")))!;
        if (withoutLog)
        {
            bundle["verificationMaterial"]!["tlogEntries"] = new JsonArray();
        }

        return (Encoding.UTF8.GetBytes(bundle.ToJsonString()), SHA256.HashData(File.ReadAllBytes(Path.Combine(Cases, "a.txt"))));
    }
}
