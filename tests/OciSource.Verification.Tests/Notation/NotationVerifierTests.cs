using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.References;
using OciSource.Distribution.Referrers;
using OciSource.Testing;
using OciSource.Testing.Registry;
using OciSource.Testing.Signing;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

/// <summary>Notation signatures made by the real notation 1.3 on the real registry (referrers tag schema).</summary>
public sealed class NotationVerifierTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly string _work = TestEnvironment.CreateWorkDirectory("notation");
    private readonly RegistryServer _registry = fixture.Server;
    private readonly Tools _tools = fixture.Tools;
    private readonly RegistryClientFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("jws")]
    [InlineData("cose")]
    public async Task VerifyAsync_SignedByNotation_Verified(string format)
    {
        var (_, certificate, artifact) = await SignedAsync($"notation/good-{format}", format, "--signature-format", format);

        var result = await VerifyAsync(artifact, TestPolicies.For(artifact.Scope, "strict", "ca:alpha", "x509.subject:CN=alpha,O=Notary,C=US"), [certificate]);

        Assert.True(result.Outcome == NotationOutcome.Verified, result.Reason);
        Assert.Contains("CN=alpha", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_IdentityNotTrusted_Failed()
    {
        var (_, certificate, artifact) = await SignedAsync("notation/identity", "i");

        var result = await VerifyAsync(artifact, TestPolicies.For(artifact.Scope, "strict", "ca:alpha", "x509.subject:CN=someone-else,O=Notary"), [certificate]);

        Assert.Equal(NotationOutcome.Failed, result.Outcome);
        Assert.Contains("authenticity check failed", result.Reason, StringComparison.Ordinal);
        Assert.Contains("trusted identities", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strict", NotationOutcome.Failed)]
    [InlineData("permissive", NotationOutcome.Failed)]
    [InlineData("audit", NotationOutcome.Ignored)]
    public async Task VerifyAsync_CertificateNotInTrustStore_FailsOrIsIgnoredAtAudit(string level, NotationOutcome expected)
    {
        var (home, _) = await HomeAsync("alpha");
        var (_, other) = await HomeAsync("beta");
        var artifact = await PushAsync($"notation/store-{level}", "s" + level);
        await home.SignAsync(artifact.Reference);

        var result = await VerifyAsync(artifact, TestPolicies.For(artifact.Scope, level, "ca:alpha"), [other]);

        Assert.True(result.Outcome == expected, result.Reason);
        Assert.Contains("authenticity check failed", result.Reason, StringComparison.Ordinal);
        Assert.Contains("trust store", result.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Expiry is enforced at strict only. At permissive and audit notation logs it and Flux marks the artifact
    /// verified (its checkOutcome ignores only authenticity failures), with the logged failure in the reason.
    /// </summary>
    [Theory]
    [InlineData("strict", NotationOutcome.Failed)]
    [InlineData("permissive", NotationOutcome.Verified)]
    [InlineData("audit", NotationOutcome.Verified)]
    public async Task VerifyAsync_ExpiredSignature_EnforcedAtStrictOnly(string level, NotationOutcome expected)
    {
        var (_, certificate, artifact) = await SignedAsync($"notation/expired-{level}", "e" + level, "--expiry", "1m");
        var policy = TestPolicies.For(artifact.Scope, level, "ca:alpha");

        var now = await VerifyAsync(artifact, policy, [certificate]);
        var later = await VerifyAsync(artifact, policy, [certificate], new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(10)));

        Assert.True(now.Outcome == NotationOutcome.Verified, now.Reason);
        Assert.DoesNotContain("expiry", now.Reason, StringComparison.Ordinal);
        Assert.True(later.Outcome == expected, later.Reason);
        Assert.Contains("expiry check failed", later.Reason, StringComparison.Ordinal);
    }

    /// <summary>Integrity is enforced at every level (notation-go): a tampered signature fails even at audit.</summary>
    [Theory]
    [InlineData("strict", "jws")]
    [InlineData("audit", "jws")]
    [InlineData("audit", "cose")]
    public async Task VerifyAsync_TamperedSignature_Failed(string level, string format)
    {
        var (_, certificate, artifact) = await SignedAsync($"notation/tampered-{level}-{format}", "t" + level + format, "--signature-format", format);
        await ReplaceSignatureAsync(artifact, envelope => format == "cose" ? FlipLastByte(envelope) : FlipJwsSignatureBit(envelope));

        var result = await VerifyAsync(artifact, TestPolicies.For(artifact.Scope, level, "ca:alpha"), [certificate]);

        Assert.Equal(NotationOutcome.Failed, result.Outcome);
        Assert.Contains("integrity check failed: the signature does not verify", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_LevelSkip_IgnoredWithoutRegistryRequest()
    {
        var artifact = await PushAsync("notation/skip", "k");
        using var client = Client(artifact);
        var counting = new CountingRegistry(client, client, new TagSchemaReferrers(client));

        var result = await new NotationVerifier(counting, counting, counting).VerifyAsync(
            artifact.Digest, artifact.Size, artifact.MediaType, artifact.Scope, TestPolicies.For(artifact.Scope, "skip"), [], Ct);

        Assert.Equal(NotationOutcome.Ignored, result.Outcome);
        Assert.Equal(0, counting.Calls);
    }

    [Fact]
    public async Task VerifyAsync_Cancelled_ThrowsOperationCanceled()
    {
        var (_, certificate, artifact) = await SignedAsync("notation/cancelled", "z");
        using var client = Client(artifact);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new NotationVerifier(client, client, new TagSchemaReferrers(client)).VerifyAsync(
            artifact.Digest, artifact.Size, artifact.MediaType, artifact.Scope, TestPolicies.For(artifact.Scope, "strict", "ca:alpha"), [certificate], cancelled.Token));
    }

    [Fact]
    public async Task VerifyAsync_Unsigned_Failed()
    {
        var (_, certificate) = await HomeAsync("alpha");
        var artifact = await PushAsync("notation/unsigned", "u");

        var result = await VerifyAsync(artifact, TestPolicies.For(artifact.Scope, "strict", "ca:alpha"), [certificate]);

        Assert.Equal(NotationOutcome.Failed, result.Outcome);
        Assert.Contains("no notation signature", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NoStatementForTheScope_FailedWithoutRegistryRequest()
    {
        var (_, certificate, artifact) = await SignedAsync("notation/scope", "c");
        using var client = Client(artifact);
        var counting = new CountingRegistry(client, client, new TagSchemaReferrers(client));

        var result = await new NotationVerifier(counting, counting, counting).VerifyAsync(
            artifact.Digest, artifact.Size, artifact.MediaType, artifact.Scope,
            TestPolicies.For($"{_registry.Host}/notation/other", "strict", "ca:alpha"), [certificate], Ct);

        Assert.Equal(NotationOutcome.Failed, result.Outcome);
        Assert.Contains("no trust policy statement applies", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, counting.Calls);
    }

    /// <summary>
    /// Envelopes built here with notation's key: the same builder verifies without the extra header (so the
    /// builder is right), and fails with an unknown critical header in either format.
    /// </summary>
    [Theory]
    [InlineData("jws")]
    [InlineData("cose")]
    public async Task VerifyAsync_UnknownCriticalHeader_Failed(string format)
    {
        var (home, certificate, artifact) = await SignedAsync($"notation/critical-{format}", "x" + format, "--signature-format", format);
        using var signer = TestSigner.FromFiles(home.KeyPath("alpha"), home.CertificatePath("alpha"));
        var payload = TestSigner.Payload(artifact.MediaType, artifact.Digest.ToString(), artifact.Size);
        var policy = TestPolicies.For(artifact.Scope, "strict", "ca:alpha");
        var signingTime = DateTimeOffset.UtcNow;

        byte[] Build(bool unknown)
        {
            if (format == "cose")
            {
                return unknown ? signer.Cose(payload, signingTime, null, "io.example.unknown") : signer.Cose(payload, signingTime);
            }

            var header = signer.JwsHeader(signingTime);
            if (unknown)
            {
                header["io.example.unknown"] = "x";
                header["crit"]!.AsArray().Add("io.example.unknown");
            }

            return signer.Jws(header, payload);
        }

        await ReplaceSignatureAsync(artifact, _ => Build(false));
        var control = await VerifyAsync(artifact, policy, [certificate]);
        await ReplaceSignatureAsync(artifact, _ => Build(true));
        var result = await VerifyAsync(artifact, policy, [certificate]);

        Assert.True(control.Outcome == NotationOutcome.Verified, control.Reason);
        Assert.Equal(NotationOutcome.Failed, result.Outcome);
        Assert.Contains("\"io.example.unknown\" is not understood", result.Reason, StringComparison.Ordinal);
    }

    public void Dispose() => TestEnvironment.DeleteWorkDirectory(_work);

    /// <summary>COSE_Sign1 ends with the signature byte string: its last byte changes.</summary>
    private static byte[] FlipLastByte(byte[] envelope)
    {
        var copy = envelope.ToArray();
        copy[^1] ^= 0x01;
        return copy;
    }

    /// <summary>Flips one bit of the decoded JWS signature and encodes it again.</summary>
    private static byte[] FlipJwsSignatureBit(byte[] envelope)
    {
        var json = JsonNode.Parse(envelope)!;
        var signature = System.Buffers.Text.Base64Url.DecodeFromChars(json["signature"]!.GetValue<string>());
        signature[signature.Length / 2] ^= 0x01;
        json["signature"] = System.Buffers.Text.Base64Url.EncodeToString(signature);
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>An artifact pushed to <paramref name="repository"/> and signed by notation with a new key "alpha".</summary>
    private async Task<(NotationHome Home, X509Certificate2 Certificate, Artifact Artifact)> SignedAsync(string repository, string content, params string[] options)
    {
        var (home, certificate) = await HomeAsync("alpha");
        var artifact = await PushAsync(repository, content);
        await home.SignAsync(artifact.Reference, options);
        return (home, certificate, artifact);
    }

    private async Task<(NotationHome Home, X509Certificate2 Certificate)> HomeAsync(string name)
    {
        var home = new NotationHome(_tools, Directory.CreateDirectory(Path.Combine(_work, "home-" + Guid.NewGuid().ToString("N"))).FullName);
        return (home, await home.GenerateAsync(name));
    }

    private async Task<NotationResult> VerifyAsync(Artifact artifact, TrustPolicyDocument policy, IReadOnlyList<X509Certificate2> store, TimeProvider? time = null)
    {
        using var client = Client(artifact);
        return await new NotationVerifier(client, client, new TagSchemaReferrers(client), time)
            .VerifyAsync(artifact.Digest, artifact.Size, artifact.MediaType, artifact.Scope, policy, store, Ct);
    }

    private RegistryClient Client(Artifact artifact) => _factory.Create(RepositoryReference.Parse(artifact.Scope));

    private async Task<Artifact> PushAsync(string repository, string content)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_work, Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "a.txt"), content, Ct);
        var scope = $"{_registry.Host}/{repository}";
        await _tools.RunAsync(_tools.Oras, ["push", "--plain-http", $"{scope}:v1", "a.txt:application/vnd.test.layer.v1"], Ct, workingDirectory: directory);
        using var client = _factory.Create(RepositoryReference.Parse(scope));
        var manifest = await client.GetManifestAsync("v1", Ct);
        return new Artifact(scope, manifest.Descriptor.ParsedDigest, manifest.Descriptor.Size, manifest.Descriptor.MediaType!);
    }

    /// <summary>
    /// Replaces the artifact's only signature by one whose envelope is <paramref name="change"/>(envelope): pushes the
    /// new envelope and signature manifest and rewrites the referrers tag schema index to list only it.
    /// </summary>
    private async Task ReplaceSignatureAsync(Artifact artifact, Func<byte[], byte[]> change)
    {
        var tag = $"{artifact.Scope}:{artifact.Digest.Algorithm}-{artifact.Digest.Hex}";
        var index = JsonNode.Parse((await _tools.RunAsync(_tools.Crane, ["manifest", "--insecure", tag], Ct)).StandardOutput)!;
        var entry = index["manifests"]!.AsArray().Single()!;
        var manifestText = (await _tools.RunAsync(_tools.Crane, ["manifest", "--insecure", $"{artifact.Scope}@{entry["digest"]}"], Ct)).StandardOutput;
        var manifest = JsonNode.Parse(manifestText)!;
        var layer = manifest["layers"]!.AsArray().Single()!;
        var envelopePath = Path.Combine(_work, Guid.NewGuid().ToString("N"));
        using var client = Client(artifact);
        var original = await client.ReadBlobAsync(new Descriptor { DigestText = layer["digest"]!.GetValue<string>(), Size = layer["size"]!.GetValue<long>(), MediaType = layer["mediaType"]!.GetValue<string>() }, NotationVerifier.MaxEnvelopeBytes, Ct);
        var changed = change(original);
        await File.WriteAllBytesAsync(envelopePath, changed, Ct);
        await _tools.RunAsync(_tools.Oras, ["blob", "push", "--plain-http", artifact.Scope, envelopePath], Ct);
        layer["digest"] = Digest.Compute(changed).ToString();
        layer["size"] = changed.Length;
        var newManifest = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var manifestPath = envelopePath + ".manifest.json";
        await File.WriteAllBytesAsync(manifestPath, newManifest, Ct);
        var newDigest = Digest.Compute(newManifest).ToString();
        await _tools.RunAsync(_tools.Oras, ["manifest", "push", "--plain-http", "--media-type", "application/vnd.oci.image.manifest.v1+json", $"{artifact.Scope}@{newDigest}", manifestPath], Ct);
        entry["digest"] = newDigest;
        entry["size"] = newManifest.Length;
        var indexPath = envelopePath + ".index.json";
        await File.WriteAllTextAsync(indexPath, index.ToJsonString(), Ct);
        await _tools.RunAsync(_tools.Oras, ["manifest", "push", "--plain-http", "--media-type", "application/vnd.oci.image.index.v1+json", tag, indexPath], Ct);
    }

    private sealed record Artifact(string Scope, Digest Digest, long Size, string MediaType)
    {
        public string Reference => $"{Scope}@{Digest}";
    }
}
