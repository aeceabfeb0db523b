using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.References;
using OciSource.Distribution.Referrers;
using OciSource.Testing;
using OciSource.Testing.Processes;
using OciSource.Testing.Registry;
using OciSource.Testing.Sigstore;
using OciSource.Verification.Cosign;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Keyless;

/// <summary>
/// Keyless verification over the OCI path (Flux's <c>matchOIDCIdentity</c>): an artifact pushed with oras to the real
/// registry, a bundle v0.3 from the <see cref="LocalSigstore"/> attached with <c>oras attach</c> as a referrer (tag
/// schema on distribution 2.8), found by <see cref="CosignBundleFinder"/> and verified by <see cref="BundleVerifier"/>
/// against the local trusted root. Every refusal is checked for the check that refused it. cosign 3.1 itself verifies
/// the same bundles, which checks the local Sigstore against the reference client.
/// </summary>
public sealed class KeylessOciVerificationTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private const string Issuer = "https://oidc.local.test";
    private const string Subject = "signer@local.test";

    private readonly string _work = TestEnvironment.CreateWorkDirectory("keyless");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly Tools _tools = fixture.Tools;
    private readonly RegistryClientFactory _factory = new();
    private readonly LocalSigstore _sigstore = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verify_BundleAttachedAsReferrer_MatchesIssuerAndSubjectRegexes()
    {
        var options = new LocalSigningOptions();
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/good", options);

        var result = Verifier().Verify(bundle, Sha256(digest), Identity(@"https://oidc\.local\.test", @"[a-z]+@local\.test"));

        Assert.Equal(Issuer, result.Issuer);
        Assert.Equal(Subject, result.Subject);
        Assert.Equal([options.SigningTime], result.SignedAt);
    }

    [Fact]
    public async Task CosignVerify_AcceptsTheLocalBundleOnTheRegistry()
    {
        var (digest, _) = await SignedOnRegistryAsync("keyless/cosign", new LocalSigningOptions());
        var root = Path.Combine(_work, "trusted_root.json");
        await File.WriteAllBytesAsync(root, _sigstore.TrustedRootJson(), Ct);

        var result = await _tools.RunAsync(
            _tools.Cosign,
            [
                "verify", "--trusted-root", root, "--certificate-identity", Subject, "--certificate-oidc-issuer", Issuer, "--new-bundle-format",
                "--allow-http-registry", "--allow-insecure-registry", $"{_registry.Host}/keyless/cosign@{digest}",
            ],
            Ct);

        Assert.Contains(digest, result.StandardOutput, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<ToolFailedException>(() => _tools.RunAsync(
            _tools.Cosign,
            [
                "verify", "--trusted-root", root, "--certificate-identity", "other@local.test", "--certificate-oidc-issuer", Issuer,
                "--new-bundle-format", "--allow-http-registry", "--allow-insecure-registry", $"{_registry.Host}/keyless/cosign@{digest}",
            ],
            Ct));
        Assert.Contains("other@local.test", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UriSubjectOfAWorkflow_MatchesWithAlternation()
    {
        const string workflow = "https://github.local.test/org/repo/.github/workflows/release.yml@refs/tags/v1.0.0";
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/uri", new LocalSigningOptions { Subject = workflow });

        var result = Verifier().Verify(
            bundle,
            Sha256(digest),
            Identity(@"https://(other|oidc)\.local\.test", @"https://github\.local\.test/org/repo/\.github/workflows/release\.yml@refs/tags/v[0-9.]+"));

        Assert.Equal(workflow, result.Subject);
    }

    [Theory]
    [InlineData(@"https://oidc\.local\.test", @"signer@local")]
    [InlineData(@"https://oidc\.local\.test", @"local\.test")]
    [InlineData(@"oidc\.local\.test", @".*")]
    [InlineData(@"https://oidc\.local\.test/extra", @".*")]
    [InlineData(@"https://accounts\.local\.test", Subject)]
    public async Task Verify_IdentityNotFullyMatching_IsRefusedByTheIdentityCheck(string issuerPattern, string subjectPattern)
    {
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/identity", new LocalSigningOptions());

        var error = Assert.Throws<SigstoreVerificationException>(() => Verifier().Verify(bundle, Sha256(digest), Identity(issuerPattern, subjectPattern)));

        Assert.Contains("matches none of the expected identities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BundleOfAnotherArtifact_IsRefusedByTheSubjectDigestCheck()
    {
        var (_, bundle) = await SignedOnRegistryAsync("keyless/other", new LocalSigningOptions());
        var other = await PushAsync("keyless/other", "another artifact", "v2");

        var error = Assert.Throws<SigstoreVerificationException>(() => Verifier().Verify(bundle, Sha256(other), Exact()));

        Assert.Contains("No subject of the in-toto statement has the artifact's digest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TrustedRootWithoutTheCertificateAuthority_IsRefusedByTheChainCheck()
    {
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/noca", new LocalSigningOptions());
        var root = TrustedRoot.Parse(_sigstore.TrustedRootJson(withCertificateAuthority: false));

        var error = Assert.Throws<SigstoreVerificationException>(() => new BundleVerifier(root).Verify(bundle, Sha256(digest), Exact()));

        Assert.Contains("does not chain to a Fulcio CA of the trusted root", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TrustedRootOfAnotherLocalSigstore_IsRefusedByTheLogCheck()
    {
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/instance", new LocalSigningOptions());
        using var other = new LocalSigstore();

        var error = Assert.Throws<SigstoreVerificationException>(() =>
            new BundleVerifier(TrustedRoot.Parse(other.TrustedRootJson())).Verify(bundle, Sha256(digest), Exact()));

        Assert.Contains("transparency log that is not in the trusted root", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"tlogs":[{"baseUrl":"https://rekor.local.test","publicKey":{"rawBytes":"AAAA","validFor":{"start":"2020-01-01T00:00:00Z"}},"logId":{"keyId":"AAAA"}}]}""", "malformed")]
    [InlineData("""{"certificateAuthorities":[{"uri":"x","certChain":{"certificates":[]},"validFor":{"start":"2020-01-01T00:00:00Z"}}]}""", "has no certificates")]
    [InlineData("""{"mediaType":"application/json"}""", "not a Sigstore trusted root")]
    public void Parse_MalformedTrustedRoot_IsRefusedWithTheReason(string json, string reason)
    {
        var error = Assert.Throws<SigstoreVerificationException>(() => TrustedRoot.Parse(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LocalTrustedRootWithoutValidityStart_IsRefused()
    {
        var json = System.Text.Encoding.UTF8.GetString(_sigstore.TrustedRootJson()).Replace("\"start\":", "\"begin\":", StringComparison.Ordinal);

        var error = Assert.Throws<SigstoreVerificationException>(() => TrustedRoot.Parse(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Contains("has no start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CertificateExpiredAtSigningTime_IsRefusedByTheChainCheck()
    {
        var options = new LocalSigningOptions { NotBefore = TimeSpan.FromMinutes(-30), NotAfter = TimeSpan.FromMinutes(-20) };
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/expired", options);

        var error = Assert.Throws<SigstoreVerificationException>(() => Verifier().Verify(bundle, Sha256(digest), Exact()));

        Assert.Contains($"valid at the signing time {options.SigningTime:O}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CertificateNotYetValidAtSigningTime_IsRefusedByTheChainCheck()
    {
        var options = new LocalSigningOptions { NotBefore = TimeSpan.FromMinutes(1), NotAfter = TimeSpan.FromMinutes(11) };
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/future", options);

        var error = Assert.Throws<SigstoreVerificationException>(() => Verifier().Verify(bundle, Sha256(digest), Exact()));

        Assert.Contains("does not chain to a Fulcio CA of the trusted root valid at the signing time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BadSct_IsRefusedByTheSctCheck()
    {
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/sct", new LocalSigningOptions { CorruptSct = true });

        var error = Assert.Throws<SigstoreVerificationException>(() => Verifier().Verify(bundle, Sha256(digest), Exact()));

        Assert.Contains("No SCT of the signing certificate verifies", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BadSignedEntryTimestamp_IsRefusedByTheSetCheck()
    {
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/set", new LocalSigningOptions { CorruptSignedEntryTimestamp = true });

        var error = Assert.Throws<SigstoreVerificationException>(() => Verifier().Verify(bundle, Sha256(digest), Exact()));

        Assert.Contains("signed entry timestamp does not verify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BadInclusionProof_IsRefusedByTheProofCheck()
    {
        var (digest, bundle) = await SignedOnRegistryAsync("keyless/proof", new LocalSigningOptions { CorruptInclusionProof = true });

        var error = Assert.Throws<SigstoreVerificationException>(() => Verifier().Verify(bundle, Sha256(digest), Exact()));

        Assert.Contains("inclusion proof does not lead to the log's root hash", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFiles_BundleAndTrustedRoot_VerifyFromDisk()
    {
        var digest = "sha256:" + new string('a', 64);
        var files = _sigstore.WriteFiles(Path.Combine(_work, "files"), _sigstore.Sign(digest));

        var root = TrustedRoot.Parse(File.ReadAllBytes(files.TrustedRootPath));
        var result = new BundleVerifier(root).Verify(File.ReadAllBytes(files.BundlePath), Sha256(digest), Exact());

        Assert.Equal(Subject, result.Subject);
    }

    public void Dispose()
    {
        _sigstore.Dispose();
        TestEnvironment.DeleteWorkDirectory(_work);
    }

    private static VerificationPolicy Identity(string issuer, string subject) => VerificationPolicy.ForIdentities([new CertificateIdentity(issuer, subject)]);

    private static VerificationPolicy Exact() => VerificationPolicy.ForIdentities([CertificateIdentity.Exact(Issuer, Subject)]);

    private static byte[] Sha256(string digest) => Convert.FromHexString(digest["sha256:".Length..]);

    private BundleVerifier Verifier() => new(TrustedRoot.Parse(_sigstore.TrustedRootJson()));

    /// <summary>Pushes an artifact, attaches a local keyless bundle for it with oras, and reads the bundle back through the finder.</summary>
    private async Task<(string Digest, byte[] Bundle)> SignedOnRegistryAsync(string repository, LocalSigningOptions options)
    {
        var digest = await PushAsync(repository, Guid.NewGuid().ToString("N"), "v1");
        var directory = Directory.CreateDirectory(Path.Combine(_work, Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllBytesAsync(Path.Combine(directory, "bundle.sigstore.json"), _sigstore.Sign(digest, options), Ct);
        await _tools.RunAsync(
            _tools.Oras,
            [
                "attach", "--plain-http", "--artifact-type", LocalSigstore.BundleMediaType, $"{_registry.Host}/{repository}@{digest}",
                $"bundle.sigstore.json:{LocalSigstore.BundleMediaType}",
            ],
            Ct,
            workingDirectory: directory);

        using var client = _factory.Create(RepositoryReference.Parse($"{_registry.Host}/{repository}"));
        var bundles = await new CosignBundleFinder(client, client, new ReferrersLister(client)).FindAsync(Digest.Parse(digest), Ct);
        return (digest, Assert.Single(bundles));
    }

    private async Task<string> PushAsync(string repository, string content, string tag)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_work, Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "a.txt"), content, Ct);
        await _tools.RunAsync(_tools.Oras, ["push", "--plain-http", $"{_registry.Host}/{repository}:{tag}", "a.txt:application/vnd.test.layer.v1"], Ct, workingDirectory: directory);
        return (await _tools.RunAsync(_tools.Crane, ["digest", "--insecure", $"{_registry.Host}/{repository}:{tag}"], Ct)).StandardOutput.Trim();
    }
}
