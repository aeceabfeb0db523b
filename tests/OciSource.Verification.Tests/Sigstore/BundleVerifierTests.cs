using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OciSource.Testing;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Sigstore;

/// <summary>Tampers with a valid production bundle (happy-path-v0.3 of the conformance cases) one field at a time.</summary>
public sealed class BundleVerifierTests
{
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private const string Subject = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";

    private static readonly string Cases = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "OciSource.Cli.Tests", "testdata", "sigstore-conformance");
    private static readonly byte[] Digest = SHA256.HashData(File.ReadAllBytes(Path.Combine(Cases, "a.txt")));
    private static readonly VerificationPolicy Policy = VerificationPolicy.ForIdentities([CertificateIdentity.Exact(Issuer, Subject)]);

    [Fact]
    public void TheUntamperedBundleVerifies()
    {
        var result = new BundleVerifier(TrustedRoot.Production).Verify(Bundle(), Digest, Policy);

        Assert.Equal(Issuer, result.Issuer);
        Assert.Equal(Subject, result.Subject);
    }

    [Fact]
    public void AnotherArtifactIsRefused()
    {
        var other = SHA256.HashData("another artifact"u8);

        Assert.Throws<SigstoreVerificationException>(() => new BundleVerifier(TrustedRoot.Production).Verify(Bundle(), other, Policy));
    }

    [Fact]
    public void AnotherIdentityIsRefused()
    {
        var policy = VerificationPolicy.ForIdentities([CertificateIdentity.Exact(Issuer, Subject + "x")]);

        var error = Assert.Throws<SigstoreVerificationException>(() => new BundleVerifier(TrustedRoot.Production).Verify(Bundle(), Digest, policy));
        Assert.Contains("matches none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStagingRootRefusesAProductionBundle() =>
        Assert.Throws<SigstoreVerificationException>(() => new BundleVerifier(TrustedRoot.Staging).Verify(Bundle(), Digest, Policy));

    [Theory]
    [InlineData("inclusionProof.rootHash")]
    [InlineData("inclusionPromise.signedEntryTimestamp")]
    [InlineData("integratedTime")]
    [InlineData("canonicalizedBody")]
    public void ATamperedLogEntryIsRefused(string field)
    {
        var bundle = JsonNode.Parse(Bundle())!;
        var entry = bundle["verificationMaterial"]!["tlogEntries"]![0]!;
        var path = field.Split('.');
        var owner = path.Length == 2 ? entry[path[0]]! : entry;
        var value = owner[path[^1]]!.GetValue<string>();
        owner[path[^1]] = field == "integratedTime" ? (long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : Flip(value);

        Assert.Throws<SigstoreVerificationException>(() =>
            new BundleVerifier(TrustedRoot.Production).Verify(System.Text.Encoding.UTF8.GetBytes(bundle.ToJsonString()), Digest, Policy));
    }

    private static byte[] Bundle() => File.ReadAllBytes(Path.Combine(Cases, "happy-path-v0.3", "bundle.sigstore.json"));

    private static string Flip(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[bytes.Length / 2] ^= 1;
        return Convert.ToBase64String(bytes);
    }
}
