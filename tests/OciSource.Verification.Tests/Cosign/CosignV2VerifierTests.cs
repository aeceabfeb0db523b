using System.Text.Json.Nodes;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.References;
using OciSource.Distribution.Referrers;
using OciSource.Testing;
using OciSource.Testing.Registry;
using OciSource.Verification.Cosign;
using OciSource.Verification.Keys;

namespace OciSource.Verification.Tests.Cosign;

/// <summary>Cosign v2 (<c>.sig</c>) signatures and v3 bundle discovery, made by the real cosign 3.1 on the real registry.</summary>
public sealed class CosignV2VerifierTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("cosign-v2");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly Tools _tools = fixture.Tools;
    private readonly RegistryClientFactory _factory = new();
    private readonly List<VerificationKey> _keys = [];
    private CosignWorkbench? _bench;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CosignWorkbench Bench => _bench ??= new CosignWorkbench(_tools, _registry, _work);

    [Fact]
    public async Task VerifyAsync_OrasArtifactSignedByCosignV2Format_Succeeds()
    {
        var digest = await Bench.PushArtifactAsync("cosign/good", "a");
        var key = await Bench.GenerateKeyAsync();
        await Bench.SignV2Async("cosign/good", digest, key);
        await _tools.RunAsync(
            _tools.Cosign,
            ["verify", "--key", Path.Combine(key, CosignWorkbench.PublicKey), "--insecure-ignore-tlog", "--allow-http-registry", "--allow-insecure-registry", Bench.Reference("cosign/good", digest)],
            Ct);
        using var client = Client("cosign/good");

        await new CosignV2Verifier(client, client).VerifyAsync(Digest.Parse(digest), Bench.Reference("cosign/good", digest), Check(key), Ct);
    }

    [Fact]
    public async Task VerifyAsync_WrongKey_FailsWithFluxMessage()
    {
        var digest = await Bench.PushArtifactAsync("cosign/wrongkey", "b");
        await Bench.SignV2Async("cosign/wrongkey", digest, await Bench.GenerateKeyAsync());
        var other = await Bench.GenerateKeyAsync();
        using var client = Client("cosign/wrongkey");

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() =>
            new CosignV2Verifier(client, client).VerifyAsync(Digest.Parse(digest), Bench.Reference("cosign/wrongkey", digest), Check(other), Ct));

        Assert.Equal(
            $"no matching signatures were found for '{Bench.Reference("cosign/wrongkey", digest)}': 1 cosign v2 signature checked, the last failed: its signature does not verify with the given key(s)",
            error.Message);
    }

    [Fact]
    public async Task VerifyAsync_Unsigned_Fails()
    {
        var digest = await Bench.PushArtifactAsync("cosign/unsigned", "e");
        var key = await Bench.GenerateKeyAsync();
        using var client = Client("cosign/unsigned");

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() =>
            new CosignV2Verifier(client, client).VerifyAsync(Digest.Parse(digest), "display", Check(key), Ct));

        Assert.Equal("no matching signatures were found for 'display'", error.Message);
    }

    [Fact]
    public async Task FindAsync_SignedByCosignV3Bundle_ReturnsTheBundle()
    {
        var digest = await Bench.PushArtifactAsync("cosign/bundle", "f");
        await Bench.SignBundleAsync("cosign/bundle", digest, await Bench.GenerateKeyAsync());
        using var client = Client("cosign/bundle");

        var bundles = await new CosignBundleFinder(client, client, new TagSchemaReferrers(client)).FindAsync(Digest.Parse(digest), Ct);

        var index = await Bench.ManifestAsync("cosign/bundle", ReferrersTag.For(Digest.Parse(digest)));
        Assert.True(bundles.Count == 1, index);
        Assert.Equal(CosignBundleFinder.BundleArtifactType, JsonNode.Parse(bundles[0])!["mediaType"]!.GetValue<string>());
    }

    [Fact]
    public async Task FindAsync_Unsigned_ReturnsNone()
    {
        var digest = await Bench.PushArtifactAsync("cosign/nobundle", "g");
        using var client = Client("cosign/nobundle");

        Assert.Empty(await new CosignBundleFinder(client, client, new TagSchemaReferrers(client)).FindAsync(Digest.Parse(digest), Ct));
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        TestEnvironment.DeleteWorkDirectory(_work);
    }

    private SignatureCheck Check(string keyDirectory)
    {
        var key = CosignWorkbench.LoadKey(keyDirectory);
        _keys.Add(key);
        return KeySignatureCheck.Any([key]);
    }

    private RegistryClient Client(string repository) => _factory.Create(RepositoryReference.Parse($"{_registry.Host}/{repository}"));
}
