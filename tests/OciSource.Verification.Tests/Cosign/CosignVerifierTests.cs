using System.Text.Json.Nodes;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.References;
using OciSource.Distribution.Referrers;
using OciSource.Testing;
using OciSource.Testing.Registry;
using OciSource.Verification.Cosign;
using OciSource.Verification.Keys;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Cosign;

/// <summary>
/// <see cref="CosignVerifier"/> with signatures made by the real cosign 3.1 over artifacts pushed by oras and charts
/// pushed by helm, on the real registry (distribution 2.8: referrers through the tag schema) and through the
/// referrers API simulator.
/// </summary>
public sealed class CosignVerifierTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("cosign-verifier");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly RegistryClientFactory _factory = new();
    private readonly List<VerificationKey> _keys = [];
    private CosignWorkbench? _bench;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CosignWorkbench Bench => _bench ??= new CosignWorkbench(fixture.Tools, _registry, _work);

    [Theory]
    [InlineData("oras", "bundle")]
    [InlineData("oras", "v2")]
    [InlineData("helm", "bundle")]
    [InlineData("helm", "v2")]
    public async Task VerifyWithKeys_PushedBySourceAndSignedInFormat_Verifies(string source, string format)
    {
        var repository = $"verifier/{source}/signed{format}";
        var digest = source == "helm" ? await Bench.PushChartAsync(repository) : await Bench.PushArtifactAsync(repository, "oras " + format);
        var key = await Bench.GenerateKeyAsync();
        await SignAsync(format, repository, digest, key);

        await VerifyAsync(repository, digest, key);
        var layer = source == "helm" ? "application/vnd.cncf.helm.chart.content.v1.tar+gzip" : "application/vnd.test.layer.v1";
        Assert.Contains(layer, await Bench.ManifestAsync(repository, digest), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bundle")]
    [InlineData("v2")]
    public async Task VerifyWithKeys_TwoKeysOnlyTheSecondSigned_Verifies(string format)
    {
        var repository = $"verifier/second-{format}";
        var digest = await Bench.PushArtifactAsync(repository, "second " + format);
        var other = await Bench.GenerateKeyAsync();
        var signer = await Bench.GenerateKeyAsync();
        await SignAsync(format, repository, digest, signer);

        await VerifyAsync(repository, digest, other, signer);
    }

    [Theory]
    [InlineData("bundle", "The DSSE envelope's signature does not verify")]
    [InlineData("v2", "its signature does not verify with the given key(s)")]
    public async Task VerifyWithKeys_WrongKey_FailsNamingTheCheck(string format, string reason)
    {
        var repository = $"verifier/wrongkey-{format}";
        var digest = await Bench.PushArtifactAsync(repository, "wrong key " + format);
        await SignAsync(format, repository, digest, await Bench.GenerateKeyAsync());
        var other = await Bench.GenerateKeyAsync();

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() => VerifyAsync(repository, digest, other));

        Assert.StartsWith(NoMatch(Bench.Reference(repository, digest)) + ": 1 ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyWithKeys_Unsigned_FailsWithFluxMessage()
    {
        var digest = await Bench.PushArtifactAsync("verifier/unsigned", "unsigned");
        var key = await Bench.GenerateKeyAsync();

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() => VerifyAsync("verifier/unsigned", digest, key));

        Assert.Equal(NoMatch(Bench.Reference("verifier/unsigned", digest)), error.Message);
    }

    [Fact]
    public async Task VerifyWithKeys_BundleOfAnotherDigestCopiedToTheVictimsIndex_Fails()
    {
        const string repository = "verifier/copied-bundle";
        var signed = await Bench.PushArtifactAsync(repository, "signed", "signed");
        var victim = await Bench.PushArtifactAsync(repository, "victim", "victim");
        var key = await Bench.GenerateKeyAsync();
        await Bench.SignBundleAsync(repository, signed, key);
        await Bench.CopyTagAsync(repository, ReferrersTag.For(Digest.Parse(signed)), ReferrersTag.For(Digest.Parse(victim)));

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() => VerifyAsync(repository, victim, key));

        Assert.Contains("No subject of the in-toto statement has the artifact's digest " + victim, error.Message, StringComparison.Ordinal);
        await VerifyAsync(repository, signed, key);
    }

    [Fact]
    public async Task VerifyWithKeys_V2PayloadNamingAnotherDigest_Fails()
    {
        const string repository = "verifier/copied-v2";
        var signed = await Bench.PushArtifactAsync(repository, "signed", "signed");
        var victim = await Bench.PushArtifactAsync(repository, "victim", "victim");
        var key = await Bench.GenerateKeyAsync();
        await Bench.SignV2Async(repository, signed, key);
        await Bench.CopyTagAsync(repository, ReferrersTag.CosignSignature(Digest.Parse(signed)), ReferrersTag.CosignSignature(Digest.Parse(victim)));

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() => VerifyAsync(repository, victim, key));

        Assert.Contains($"its signed payload is not a cosign payload naming {victim}", error.Message, StringComparison.Ordinal);
        await VerifyAsync(repository, signed, key);
    }

    [Fact]
    public async Task VerifyWithKeys_TamperedBundleSignature_Fails()
    {
        const string repository = "verifier/tampered-bundle";
        var signed = await Bench.PushArtifactAsync(repository, "signed", "signed");
        var victim = await Bench.PushArtifactAsync(repository, "victim", "victim");
        var key = await Bench.GenerateKeyAsync();
        await Bench.SignBundleAsync(repository, victim, key);
        var bundle = JsonNode.Parse(await BundleOfAsync(repository, victim))!;
        var signature = bundle["dsseEnvelope"]!["signatures"]![0]!;
        var bytes = Convert.FromBase64String(signature["sig"]!.GetValue<string>());
        bytes[^1] ^= 1;
        signature["sig"] = Convert.ToBase64String(bytes);
        await Bench.AttachAsync(repository, signed, CosignBundleFinder.BundleArtifactType, CosignBundleFinder.BundleArtifactType, System.Text.Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() => VerifyAsync(repository, signed, key));

        Assert.Contains("The DSSE envelope's signature does not verify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyWithKeys_TamperedV2Signature_Fails()
    {
        const string repository = "verifier/tampered-v2";
        var digest = await Bench.PushArtifactAsync(repository, "tampered v2");
        var key = await Bench.GenerateKeyAsync();
        await Bench.SignV2Async(repository, digest, key);
        var tag = ReferrersTag.CosignSignature(Digest.Parse(digest));
        var manifest = JsonNode.Parse(await Bench.ManifestAsync(repository, tag))!;
        var annotations = manifest["layers"]![0]!["annotations"]!;
        var bytes = Convert.FromBase64String(annotations[CosignV2Verifier.SignatureAnnotation]!.GetValue<string>());
        bytes[^1] ^= 1;
        annotations[CosignV2Verifier.SignatureAnnotation] = Convert.ToBase64String(bytes);
        await Bench.PushManifestAsync(repository, tag, manifest.ToJsonString());

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() => VerifyAsync(repository, digest, key));

        Assert.Contains("its signature does not verify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyWithKeys_BundleAndV2BothPresent_TheBundleDecides()
    {
        const string repository = "verifier/both";
        var digest = await Bench.PushArtifactAsync(repository, "both");
        var bundleKey = await Bench.GenerateKeyAsync();
        var v2Key = await Bench.GenerateKeyAsync();
        await Bench.SignBundleAsync(repository, digest, bundleKey);
        await Bench.SignV2Async(repository, digest, v2Key);

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() => VerifyAsync(repository, digest, v2Key));

        Assert.Contains("cosign bundle checked", error.Message, StringComparison.Ordinal);
        await VerifyAsync(repository, digest, bundleKey);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("p384")]
    public async Task VerifyWithKeys_ImportedKeyTypes_Verify(string algorithm)
    {
        var repository = $"verifier/imported-{algorithm}";
        var bundled = await Bench.PushArtifactAsync(repository, algorithm + " bundle", "bundle");
        var legacy = await Bench.PushArtifactAsync(repository, algorithm + " v2", "legacy");
        var key = await Bench.ImportKeyAsync(algorithm);
        await Bench.SignBundleAsync(repository, bundled, key);
        await Bench.SignV2Async(repository, legacy, key);

        await VerifyAsync(repository, bundled, key);
        await VerifyAsync(repository, legacy, key);
    }

    [Fact]
    public async Task VerifyWithKeys_ThroughTheReferrersApi_FindsAndVerifiesTheBundle()
    {
        const string repository = "verifier/api";
        var digest = await Bench.PushArtifactAsync(repository, "through the api");
        var other = await Bench.GenerateKeyAsync();
        var key = await Bench.GenerateKeyAsync();
        await Bench.SignBundleAsync(repository, digest, key);
        await using var front = await ReferrersApiFront.StartAsync(_registry, Ct);
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/{repository}"));
        var referrers = new ReferrersLister(client);

        await new CosignVerifier(client, client, referrers).VerifyWithKeysAsync(Digest.Parse(digest), "display", [Key(other), Key(key)], Ct);

        Assert.True(referrers.UsesReferrersApi);
        Assert.Equal(1, front.ReferrersRequests);
    }

    [Fact]
    public async Task VerifyWithKeys_ImportedEd25519Key_FailsClosed()
    {
        // cosign 3 signs with Ed25519 keys in a form that is not pure Ed25519 over the payload (openssl's pure
        // Ed25519 check refuses it too), and cosign's own verify refuses its bundle; nothing must pass here either.
        const string repository = "verifier/imported-ed25519";
        var bundled = await Bench.PushArtifactAsync(repository, "ed25519 bundle", "bundle");
        var legacy = await Bench.PushArtifactAsync(repository, "ed25519 v2", "legacy");
        var key = await Bench.ImportKeyAsync("ed25519");
        await Bench.SignBundleAsync(repository, bundled, key);
        await Bench.SignV2Async(repository, legacy, key);

        var bundleError = await Assert.ThrowsAsync<CosignSignatureException>(() => VerifyAsync(repository, bundled, key));
        var legacyError = await Assert.ThrowsAsync<CosignSignatureException>(() => VerifyAsync(repository, legacy, key));

        Assert.Contains("The DSSE envelope's signature does not verify", bundleError.Message, StringComparison.Ordinal);
        Assert.Contains("its signature does not verify", legacyError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyWithKeys_BundleBlobCorruptedInTransit_FailsAsRegistryError()
    {
        const string repository = "verifier/corrupted";
        var digest = await Bench.PushArtifactAsync(repository, "corrupted");
        var key = await Bench.GenerateKeyAsync();
        await Bench.SignBundleAsync(repository, digest, key);
        await using var front = await TamperingFront.StartAsync(_registry, Ct);
        front.AddFault(HttpMethod.Get, "/blobs/sha256:", Fault.FlipByte(20), times: 10);
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/{repository}"));

        await Assert.ThrowsAsync<DigestMismatchException>(() =>
            Verifier(client).VerifyWithKeysAsync(Digest.Parse(digest), "display", [Key(key)], Ct));
    }

    [Fact]
    public async Task VerifyWithKeys_SignatureTagForbidden_FailsAsRegistryError()
    {
        const string repository = "verifier/forbidden";
        var digest = await Bench.PushArtifactAsync(repository, "forbidden");
        var key = await Bench.GenerateKeyAsync();
        await Bench.SignV2Async(repository, digest, key);
        await using var front = await TamperingFront.StartAsync(_registry, Ct);
        front.AddFault(HttpMethod.Get, "/manifests/sha256-", Fault.Respond(System.Net.HttpStatusCode.Forbidden), times: 10);
        using var client = _factory.Create(RepositoryReference.Parse($"{front.Host}/{repository}"));

        await Assert.ThrowsAsync<RegistryUnauthorizedException>(() =>
            Verifier(client).VerifyWithKeysAsync(Digest.Parse(digest), "display", [Key(key)], Ct));
    }

    [Fact]
    public async Task VerifyWithKeys_Cancelled_ThrowsOperationCanceled()
    {
        const string repository = "verifier/cancelled";
        var digest = await Bench.PushArtifactAsync(repository, "cancelled");
        var key = await Bench.GenerateKeyAsync();
        using var client = Client(repository);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Verifier(client).VerifyWithKeysAsync(Digest.Parse(digest), "display", [Key(key)], cancelled.Token));
    }

    [Theory]
    [InlineData("bundle", "signed with a key, not a certificate")]
    [InlineData("v2", "it is a keyed signature; verify it with the public key")]
    public async Task VerifyKeyless_KeyedSignature_FailsNamingTheCheck(string format, string reason)
    {
        var repository = $"verifier/keyless-keyed-{format}";
        var digest = await Bench.PushArtifactAsync(repository, "keyless keyed " + format);
        await SignAsync(format, repository, digest, await Bench.GenerateKeyAsync());

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() => KeylessAsync(repository, digest, CertificateIdentity.Exact("https://issuer", "someone")));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyKeyless_ProductionBundleOfAnotherArtifactAttached_Fails()
    {
        const string repository = "verifier/keyless-other";
        var digest = await Bench.PushArtifactAsync(repository, "keyless other");
        var cases = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "OciSource.Cli.Tests", "testdata", "sigstore-conformance", "happy-path-v0.3", "bundle.sigstore.json");
        await Bench.AttachAsync(repository, digest, CosignBundleFinder.BundleArtifactType, CosignBundleFinder.BundleArtifactType, await File.ReadAllBytesAsync(cases, Ct));

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() => KeylessAsync(
            repository,
            digest,
            CertificateIdentity.Exact("https://token.actions.githubusercontent.com", "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main")));

        Assert.Contains("another artifact", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyKeyless_NoIdentity_FailsBeforeAnyRequest()
    {
        using var client = Client("verifier/no-identity");

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() =>
            Verifier(client).VerifyKeylessAsync(Digest.Compute("x"u8), "display", TrustedRoot.Production, [], Ct));

        Assert.Contains("at least one identity", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        TestEnvironment.DeleteWorkDirectory(_work);
    }

    private static string NoMatch(string display) => $"no matching signatures were found for '{display}'";

    private Task SignAsync(string format, string repository, string digest, string key) =>
        format == "bundle" ? Bench.SignBundleAsync(repository, digest, key) : Bench.SignV2Async(repository, digest, key);

    private async Task VerifyAsync(string repository, string digest, params string[] keyDirectories)
    {
        using var client = Client(repository);
        await Verifier(client).VerifyWithKeysAsync(Digest.Parse(digest), Bench.Reference(repository, digest), [.. keyDirectories.Select(Key)], Ct);
    }

    private static CosignVerifier Verifier(RegistryClient client) => new(client, client, new ReferrersLister(client));

    private async Task KeylessAsync(string repository, string digest, CertificateIdentity identity)
    {
        using var client = Client(repository);
        await Verifier(client).VerifyKeylessAsync(Digest.Parse(digest), "display", TrustedRoot.Production, [identity], Ct);
    }

    private VerificationKey Key(string directory)
    {
        var key = CosignWorkbench.LoadKey(directory);
        _keys.Add(key);
        return key;
    }

    private RegistryClient Client(string repository) => _factory.Create(RepositoryReference.Parse($"{_registry.Host}/{repository}"));

    private async Task<byte[]> BundleOfAsync(string repository, string subject)
    {
        using var client = Client(repository);
        return Assert.Single(await new CosignBundleFinder(client, client, new TagSchemaReferrers(client)).FindAsync(Digest.Parse(subject), Ct));
    }
}
