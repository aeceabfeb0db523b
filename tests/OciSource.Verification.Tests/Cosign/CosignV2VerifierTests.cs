using System.Security.Cryptography;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.References;
using OciSource.Testing;
using OciSource.Testing.Registry;
using OciSource.Verification.Cosign;

namespace OciSource.Verification.Tests.Cosign;

/// <summary>Cosign v2 (<c>.sig</c>) signatures made by the real cosign 3.1 on the real registry.</summary>
public sealed class CosignV2VerifierTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("cosign-v2");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly Tools _tools = fixture.Tools;
    private readonly RegistryClientFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerifyAsync_OrasArtifactSignedByCosignV2Format_Succeeds()
    {
        var digest = await PushAsync("cosign/good", "a");
        var key = await KeyPairAsync("good");
        await SignV2Async("cosign/good", digest, key);
        await _tools.RunAsync(_tools.Crane, ["manifest", "--insecure", $"{_registry.Host}/cosign/good:{digest.Replace(':', '-')}.sig"], Ct);
        await _tools.RunAsync(
            _tools.Cosign,
            ["verify", "--key", Path.Combine(key, "cosign.pub"), "--insecure-ignore-tlog", "--allow-http-registry", "--allow-insecure-registry", $"{_registry.Host}/cosign/good@{digest}"],
            Ct);
        using var client = Client("cosign/good");

        await new CosignV2Verifier(client, client).VerifyAsync(Digest.Parse(digest), Display("cosign/good", digest), Check(key), Ct);
    }

    [Fact]
    public async Task VerifyAsync_WrongKey_FailsWithFluxMessage()
    {
        var digest = await PushAsync("cosign/wrongkey", "b");
        await SignV2Async("cosign/wrongkey", digest, await KeyPairAsync("signer"));
        var other = await KeyPairAsync("other");
        using var client = Client("cosign/wrongkey");

        var error = await Assert.ThrowsAsync<CosignSignatureException>(() =>
            new CosignV2Verifier(client, client).VerifyAsync(Digest.Parse(digest), Display("cosign/wrongkey", digest), Check(other), Ct));

        Assert.Equal($"no matching signatures were found for '{Display("cosign/wrongkey", digest)}'", error.Message);
    }

    [Fact]
    public async Task VerifyAsync_SignatureOfAnotherDigestCopiedToTheTag_Fails()
    {
        var signed = await PushAsync("cosign/copied", "c", "signed");
        var victim = await PushAsync("cosign/copied", "d", "victim");
        var key = await KeyPairAsync("copied");
        await SignV2Async("cosign/copied", signed, key);
        var tag = (string d) => $"{_registry.Host}/cosign/copied:{d.Replace(':', '-')}.sig";
        await _tools.RunAsync(_tools.Crane, ["copy", "--insecure", tag(signed), tag(victim)], Ct);
        using var client = Client("cosign/copied");

        await Assert.ThrowsAsync<CosignSignatureException>(() =>
            new CosignV2Verifier(client, client).VerifyAsync(Digest.Parse(victim), Display("cosign/copied", victim), Check(key), Ct));
        await new CosignV2Verifier(client, client).VerifyAsync(Digest.Parse(signed), Display("cosign/copied", signed), Check(key), Ct);
    }

    [Fact]
    public async Task VerifyAsync_TamperedSignatureAnnotation_Fails()
    {
        var digest = await PushAsync("cosign/tampered", "h");
        var key = await KeyPairAsync("tampered");
        await SignV2Async("cosign/tampered", digest, key);
        var tag = $"{_registry.Host}/cosign/tampered:{digest.Replace(':', '-')}.sig";
        var manifest = (await _tools.RunAsync(_tools.Crane, ["manifest", "--insecure", tag], Ct)).StandardOutput;
        var signature = System.Text.RegularExpressions.Regex.Match(manifest, "\"dev.cosignproject.cosign/signature\":\"([^\"]+)\"").Groups[1].Value;
        var bytes = Convert.FromBase64String(signature);
        bytes[^1] ^= 0x01;
        var path = Path.Combine(_work, "tampered.json");
        await File.WriteAllTextAsync(path, manifest.Replace(signature, Convert.ToBase64String(bytes), StringComparison.Ordinal), Ct);
        await _tools.RunAsync(_tools.Oras, ["manifest", "push", "--plain-http", tag, path], Ct);
        using var client = Client("cosign/tampered");

        await Assert.ThrowsAsync<CosignSignatureException>(() =>
            new CosignV2Verifier(client, client).VerifyAsync(Digest.Parse(digest), Display("cosign/tampered", digest), Check(key), Ct));
    }

    [Fact]
    public async Task VerifyAsync_Unsigned_Fails()
    {
        var digest = await PushAsync("cosign/unsigned", "e");
        var key = await KeyPairAsync("unsigned");
        using var client = Client("cosign/unsigned");

        await Assert.ThrowsAsync<CosignSignatureException>(() =>
            new CosignV2Verifier(client, client).VerifyAsync(Digest.Parse(digest), Display("cosign/unsigned", digest), Check(key), Ct));
    }

    [Fact]
    public async Task FindAsync_SignedByCosignV3Bundle_ReturnsTheBundle()
    {
        var digest = await PushAsync("cosign/bundle", "f");
        var key = await KeyPairAsync("bundle");
        var config = Path.Combine(key, "sc.json");
        await _tools.RunAsync(_tools.Cosign, ["signing-config", "create", "--out", config], Ct);
        await _tools.RunAsync(
            "/usr/bin/env",
            [
                "COSIGN_PASSWORD=", _tools.Cosign, "sign", "--key", Path.Combine(key, "cosign.key"), "--signing-config", config,
                "--allow-http-registry", "--allow-insecure-registry", "-y", $"{_registry.Host}/cosign/bundle@{digest}",
            ],
            Ct);
        using var client = Client("cosign/bundle");

        var bundles = await new CosignBundleFinder(client, client).FindAsync(Digest.Parse(digest), Ct);

        var index = await _tools.RunAsync(_tools.Crane, ["manifest", "--insecure", $"{_registry.Host}/cosign/bundle:{digest.Replace(':', '-')}"], Ct);
        Assert.True(bundles.Count == 1, index.StandardOutput);
        var bundle = bundles[0];
        using var json = System.Text.Json.JsonDocument.Parse(bundle);
        Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", json.RootElement.GetProperty("mediaType").GetString());
    }

    [Fact]
    public async Task FindAsync_Unsigned_ReturnsNone()
    {
        var digest = await PushAsync("cosign/nobundle", "g");
        using var client = Client("cosign/nobundle");

        Assert.Empty(await new CosignBundleFinder(client, client).FindAsync(Digest.Parse(digest), Ct));
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(_work);

    /// <summary>The test's stand-in for the shared key code: ECDSA P-256 over SHA-256, DER signatures.</summary>
    private static SignatureCheck Check(string directory)
    {
        var pem = File.ReadAllText(Path.Combine(directory, "cosign.pub"));
        return (payload, signature) =>
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            return ecdsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        };
    }

    private string Display(string repository, string digest) => $"{_registry.Host}/{repository}@{digest}";

    private RegistryClient Client(string repository) => _factory.Create(RepositoryReference.Parse($"{_registry.Host}/{repository}"));

    private async Task<string> PushAsync(string repository, string content, string tag = "v1")
    {
        var directory = Directory.CreateDirectory(Path.Combine(_work, Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "a.txt"), content, Ct);
        await _tools.RunAsync(_tools.Oras, ["push", "--plain-http", $"{_registry.Host}/{repository}:{tag}", "a.txt:application/vnd.test.layer.v1"], Ct, workingDirectory: directory);
        var result = await _tools.RunAsync(_tools.Crane, ["digest", "--insecure", $"{_registry.Host}/{repository}:{tag}"], Ct);
        return result.StandardOutput.Trim();
    }

    private async Task<string> KeyPairAsync(string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        await _tools.RunAsync("/usr/bin/env", ["COSIGN_PASSWORD=", _tools.Cosign, "generate-key-pair"], Ct, workingDirectory: directory);
        return directory;
    }

    /// <summary>Cosign 3 in the old format: no new bundle, no transparency log, a <c>sha256-&lt;hex&gt;.sig</c> tag.</summary>
    private async Task SignV2Async(string repository, string digest, string keyDirectory) =>
        await _tools.RunAsync(
            "/usr/bin/env",
            [
                "COSIGN_PASSWORD=", _tools.Cosign, "sign", "--key", Path.Combine(keyDirectory, "cosign.key"), "--new-bundle-format=false",
                "--use-signing-config=false", "--tlog-upload=false", "--allow-http-registry", "--allow-insecure-registry", "-y",
                $"{_registry.Host}/{repository}@{digest}",
            ],
            Ct);
}
