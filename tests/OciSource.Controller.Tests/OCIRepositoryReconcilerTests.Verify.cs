using System.Text;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Testing.Registry;
using OciSource.Testing.Sigstore;
using OciSource.Testing.Signing;

namespace OciSource.Controller.Tests;

/// <summary>
/// Issue 14, <c>spec.verify</c> through the controller with signatures made by the real cosign 3.1: the conditions,
/// messages and events Flux gives, nothing pulled on failure while the previous artifact keeps serving, verification
/// skipped for an unchanged revision, re-run for a new one, and the condition removed with <c>spec.verify</c>.
/// </summary>
public sealed partial class OCIRepositoryReconcilerTests
{
    private const string AcceptAllTrustPolicy = """
        {"version":"1.0","trustPolicies":[{"name":"all","registryScopes":["*"],"signatureVerification":{"level":"strict"},"trustStores":["ca:test"],"trustedIdentities":["*"]}]}
        """;

    [Fact]
    public async Task CosignKeyed_OnlyTheSecondKeyMatches_VerifiesSkipsWhenUnchangedAndFailsClosedOnAnUnsignedRevision()
    {
        const string name = "verify-keyed";
        var cosign = new CosignSigner(registry.Tools, _work);
        var signer = await cosign.GenerateKeyPairAsync("keyed-signer", Ct);
        var other = await cosign.GenerateKeyPairAsync("keyed-other", Ct);
        await CreateSecretAsync("keyed-keys", new() { ["a-other.pub"] = CosignSigner.PublicKey(other), ["b-signer.pub"] = CosignSigner.PublicKey(signer), ["readme"] = "not a key" });
        var first = await PushManifestsAsync($"ctrl/{name}", "v1", new Dictionary<string, string> { ["a.yaml"] = "one" });
        await cosign.SignBundleAsync(signer, $"{Registry.Host}/ctrl/{name}@{first}", Ct);
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var verify = new OCIRepositoryVerification { Provider = "cosign", SecretRef = new LocalObjectReference { Name = "keyed-keys" } };
        var spec = Spec($"ctrl/{name}", new OCIRepositoryRef { Tag = "v1" }) with { Url = $"oci://{front.Host}/ctrl/{name}", Verify = verify };

        await _controller.ApplyAsync(name, spec, Ct);
        var ready = await _controller.WaitAsync(name, ControllerHost.IsReady, "Ready=True", Ct);

        var verified = ControllerHost.Condition(ready, ConditionTypes.SourceVerified)!;
        Assert.Equal(("True", Reasons.Succeeded, $"verified signature of revision v1@{first}"), (verified.Status, verified.Reason, verified.Message));
        Assert.Equal(ready.Metadata.Generation, verified.ObservedGeneration);

        // Unchanged revision: one HEAD, no signature lookup.
        front.ClearRequests();
        await RequestReconcileAsync(name, "noop");
        await _controller.WaitAsync(name, o => o.Status?.LastHandledReconcileAt == "noop", "the no-op reconcile handled", Ct);
        Assert.Equal([$"HEAD /v2/ctrl/{name}/manifests/v1"], front.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));

        // A new, unsigned revision: SourceVerified=False, nothing pulled, the previous artifact keeps serving.
        var second = await PushManifestsAsync($"ctrl/{name}", "v1", new Dictionary<string, string> { ["a.yaml"] = "two" });
        front.ClearRequests();
        await RequestReconcileAsync(name, "unsigned");
        var failed = await _controller.WaitAsync(
            name, o => o.Status?.LastHandledReconcileAt == "unsigned" && ControllerHost.Condition(o, ConditionTypes.SourceVerified)?.Status == "False", "SourceVerified=False", Ct);

        var refused = ControllerHost.Condition(failed, ConditionTypes.SourceVerified)!;
        Assert.Equal(Reasons.VerificationError, refused.Reason);
        Assert.StartsWith($"failed to verify the signature using provider 'cosign': no matching signatures were found for '{front.Host}/ctrl/{name}@{second}'", refused.Message, StringComparison.Ordinal);
        var notReady = ControllerHost.Condition(failed, ConditionTypes.Ready)!;
        Assert.Equal(("False", Reasons.VerificationError, refused.Message), (notReady.Status, notReady.Reason, notReady.Message));
        Assert.Equal(ready.Status!.Artifact!.Digest, failed.Status!.Artifact!.Digest);
        Assert.DoesNotContain(front.Requests, r => r.Method == "GET" && r.PathAndQuery == $"/v2/ctrl/{name}/manifests/{second}");
        Assert.Equal(ready.Status.Artifact.Digest, ArtifactContent.Sha256(await Http.GetByteArrayAsync(new Uri(ready.Status.Artifact.Url), Ct)));
        var warning = await WaitForEventAsync(name, Reasons.VerificationError);
        Assert.Equal(refused.Message, warning.Note);

        // Signed afterwards: the retry verifies and pulls the new revision.
        await cosign.SignBundleAsync(signer, $"{Registry.Host}/ctrl/{name}@{second}", Ct);
        await RequestReconcileAsync(name, "signed");
        var after = await _controller.WaitAsync(name, o => ControllerHost.IsReady(o) && o.Status!.Artifact!.Revision == $"v1@{second}", "Ready=True with the new revision", Ct);
        Assert.Equal($"verified signature of revision v1@{second}", ControllerHost.Condition(after, ConditionTypes.SourceVerified)!.Message);
    }

    [Fact]
    public async Task CosignKeyed_V2SignatureOnAHelmChart_IsVerified()
    {
        const string name = "verify-v2chart";
        var cosign = new CosignSigner(registry.Tools, _work);
        var key = await cosign.GenerateKeyPairAsync("v2chart", Ct);
        await CreateSecretAsync("v2chart-keys", new() { ["cosign.pub"] = CosignSigner.PublicKey(key) });
        await registry.Tools.RunAsync(registry.Tools.Helm, ["create", "signedchart"], Ct, workingDirectory: _work);
        await registry.Tools.RunAsync(registry.Tools.Helm, ["package", "signedchart", "--version", "0.1.0"], Ct, workingDirectory: _work);
        await registry.Tools.RunAsync(registry.Tools.Helm, ["push", "signedchart-0.1.0.tgz", $"oci://{Registry.Host}/ctrl", "--plain-http"], Ct, workingDirectory: _work);
        var digest = (await registry.Tools.RunAsync(registry.Tools.Crane, ["digest", "--insecure", $"{Registry.Host}/ctrl/signedchart:0.1.0"], Ct)).StandardOutput.Trim();
        await cosign.SignV2Async(key, $"{Registry.Host}/ctrl/signedchart@{digest}", Ct);
        var spec = Spec("ctrl/signedchart", new OCIRepositoryRef { Digest = digest }) with
        {
            LayerSelector = new OCILayerSelector { MediaType = SourceApi.HelmChartLayerMediaType, Operation = "copy" },
            Verify = new OCIRepositoryVerification { Provider = "cosign", SecretRef = new LocalObjectReference { Name = "v2chart-keys" } },
        };

        await _controller.ApplyAsync(name, spec, Ct);
        var ready = await _controller.WaitAsync(name, ControllerHost.IsReady, "Ready=True", Ct);

        Assert.Equal(("True", $"verified signature of revision {digest}"), (ControllerHost.Condition(ready, ConditionTypes.SourceVerified)!.Status, ControllerHost.Condition(ready, ConditionTypes.SourceVerified)!.Message));
    }

    /// <summary>Material that is missing or malformed fails verification with Flux's message (or ours, where Flux has none), before any pull.</summary>
    [Theory]
    [InlineData("cosign", "missing-secret", null, "cosign", "failed to get secret '{ns}/missing-secret': secrets \"missing-secret\" not found")]
    [InlineData("cosign", "nokeys", null, "cosign", "no public keys found in secret '{ns}/nokeys'")]
    [InlineData("cosign", "badkey", null, "cosign", "failed to read public key 'bad.pub' from secret '{ns}/badkey'")]
    [InlineData("cosign", null, "noroot", "cosign keyless", "failed to read trusted root from secret '{ns}/noroot': 'trusted_root.json' not found in secret '{ns}/noroot'")]
    [InlineData("cosign", null, "badroot", "cosign keyless", "failed to read trusted root from secret '{ns}/badroot': ")]
    [InlineData("cosign", null, null, "cosign keyless", "keyless verification needs at least one spec.verify.matchOIDCIdentity entry")]
    [InlineData("notation", null, null, "notation", "verification secret cannot be empty: '{host}/ctrl/verify-material@")]
    [InlineData("notation", "nopolicy", null, "notation", "'trustpolicy.json' not found in secret '{ns}/nopolicy'")]
    [InlineData("notation", "nocerts", null, "notation", "no certificates found in secret '{ns}/nocerts'")]
    [InlineData("notation", "badpolicy", null, "notation", "error occurred while parsing trustpolicy.json: ")]
    public async Task Verify_BadMaterial_FailsWithAnActionableMessageAndPullsNothing(string provider, string? secret, string? rootSecret, string shown, string expected)
    {
        var name = $"material-{provider}-{secret ?? rootSecret ?? "none"}";
        await CreateSecretAsync("nokeys", new() { ["cosign.key"] = "private, and not a .pub key" }, ignoreExisting: true);
        await CreateSecretAsync("badkey", new() { ["bad.pub"] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" }, ignoreExisting: true);
        await CreateSecretAsync("noroot", new() { ["root.json"] = "{}" }, ignoreExisting: true);
        await CreateSecretAsync("badroot", new() { ["trusted_root.json"] = "{\"mediaType\": 42" }, ignoreExisting: true);
        await CreateSecretAsync("nopolicy", new() { ["ca.crt"] = "x" }, ignoreExisting: true);
        await CreateSecretAsync("nocerts", new() { ["trustpolicy.json"] = AcceptAllTrustPolicy }, ignoreExisting: true);
        await CreateSecretAsync("badpolicy", new() { ["trustpolicy.json"] = "{", ["ca.crt"] = "x" }, ignoreExisting: true);
        var digest = await PushManifestsAsync("ctrl/verify-material", "v1", new Dictionary<string, string> { ["a.yaml"] = name });
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var verify = new OCIRepositoryVerification
        {
            Provider = provider,
            SecretRef = secret is null ? null : new LocalObjectReference { Name = secret },
            TrustedRootSecretRef = rootSecret is null ? null : new LocalObjectReference { Name = rootSecret },
            MatchOidcIdentity = rootSecret is null ? null : [new OIDCIdentityMatch { Issuer = ".*", Subject = ".*" }],
        };
        var spec = Spec("ctrl/verify-material", new OCIRepositoryRef { Digest = digest }) with { Url = $"oci://{front.Host}/ctrl/verify-material", Verify = verify };

        await _controller.ApplyAsync(name, spec, Ct);
        var failed = await _controller.WaitAsync(name, o => ControllerHost.Condition(o, ConditionTypes.SourceVerified)?.Status == "False", "SourceVerified=False", Ct);

        var condition = ControllerHost.Condition(failed, ConditionTypes.SourceVerified)!;
        var prefix = $"failed to verify the signature using provider '{shown}': ";
        Assert.StartsWith(prefix + expected.Replace("{ns}", _controller.Namespace, StringComparison.Ordinal).Replace("{host}", front.Host, StringComparison.Ordinal), condition.Message, StringComparison.Ordinal);
        Assert.Equal(Reasons.VerificationError, condition.Reason);
        Assert.Equal(("False", Reasons.VerificationError), (ControllerHost.Condition(failed, ConditionTypes.Ready)!.Status, ControllerHost.Condition(failed, ConditionTypes.Ready)!.Reason));
        Assert.Equal("True", ControllerHost.Condition(failed, ConditionTypes.Reconciling)?.Status);
        Assert.Null(failed.Status!.Artifact);
        Assert.DoesNotContain(front.Requests, r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_Removed_RemovesSourceVerifiedAndPulls()
    {
        const string name = "verify-removed";
        var digest = await PushManifestsAsync($"ctrl/{name}", "v1", new Dictionary<string, string> { ["a.yaml"] = "unsigned" });
        var spec = Spec($"ctrl/{name}", new OCIRepositoryRef { Tag = "v1" }) with
        {
            Verify = new OCIRepositoryVerification { Provider = "cosign", SecretRef = new LocalObjectReference { Name = "removed-keys" } },
        };
        await _controller.ApplyAsync(name, spec, Ct);
        await _controller.WaitAsync(name, o => ControllerHost.Condition(o, ConditionTypes.SourceVerified)?.Status == "False", "SourceVerified=False", Ct);

        await PatchSpecAsync(name, System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"verify":null}}""")!);
        var after = await _controller.WaitAsync(name, ControllerHost.IsReady, "Ready=True", Ct);

        Assert.Null(ControllerHost.Condition(after, ConditionTypes.SourceVerified));
        Assert.Equal($"v1@{digest}", after.Status!.Artifact!.Revision);
    }

    /// <summary>notation 1.3 signs (JWS); a trust policy with the signer's certificate verifies, one trusting another identity fails.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Notation_SignedByNotation_VerifiedOnlyForTheTrustedIdentity(bool trusted)
    {
        var name = $"verify-notation-{(trusted ? "trusted" : "other")}";
        var notation = new NotationHome(registry.Tools, Directory.CreateDirectory(Path.Combine(_work, name)).FullName);
        using var certificate = await notation.GenerateAsync("ctrl-signer");
        Assert.Equal("CN=ctrl-signer, O=Notary, L=Seattle, S=WA, C=US", certificate.Subject);
        var digest = await PushManifestsAsync($"ctrl/{name}", "v1", new Dictionary<string, string> { ["a.yaml"] = name });
        await notation.SignAsync($"{Registry.Host}/ctrl/{name}@{digest}");
        // The subject notation's generate-test writes, in the Notary Project's attribute names.
        var identity = trusted ? "x509.subject: CN=ctrl-signer,O=Notary,L=Seattle,ST=WA,C=US" : "x509.subject: CN=someone-else,O=Notary,L=Seattle,ST=WA,C=US";
        var policy = $$"""
            {"version":"1.0","trustPolicies":[{"name":"ctrl","registryScopes":["{{Registry.Host}}/ctrl/{{name}}"],
             "signatureVerification":{"level":"strict"},"trustStores":["ca:ctrl"],"trustedIdentities":["{{identity}}"]}]}
            """;
        await CreateSecretAsync($"{name}-policy", new() { ["trustpolicy.json"] = policy, ["signer.crt"] = File.ReadAllText(notation.CertificatePath("ctrl-signer")) });
        var spec = Spec($"ctrl/{name}", new OCIRepositoryRef { Tag = "v1" }) with
        {
            Verify = new OCIRepositoryVerification { Provider = "notation", SecretRef = new LocalObjectReference { Name = $"{name}-policy" } },
        };

        await _controller.ApplyAsync(name, spec, Ct);
        var obj = await _controller.WaitAsync(name, o => ControllerHost.Condition(o, ConditionTypes.SourceVerified) is not null, "SourceVerified", Ct);

        var verified = ControllerHost.Condition(obj, ConditionTypes.SourceVerified)!;
        if (trusted)
        {
            Assert.True(verified.Status == "True", verified.Message);
            Assert.Equal($"verified signature of revision v1@{digest}", verified.Message);
            Assert.True(ControllerHost.IsReady(await _controller.WaitAsync(name, ControllerHost.IsReady, "Ready=True", Ct)));
        }
        else
        {
            Assert.Equal("False", verified.Status);
            Assert.StartsWith("failed to verify the signature using provider 'notation': ", verified.Message, StringComparison.Ordinal);
            Assert.Contains("identit", verified.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Null(obj.Status!.Artifact);
        }
    }

    /// <summary>A registry that never answers the signature lookup: verification ends at <c>spec.timeout</c> and fails closed.</summary>
    [Fact]
    public async Task Verify_SignatureLookupNeverAnswers_FailsAtSpecTimeout()
    {
        const string name = "verify-timeout";
        var cosign = new CosignSigner(registry.Tools, _work);
        var key = await cosign.GenerateKeyPairAsync("timeout", Ct);
        await CreateSecretAsync("timeout-keys", new() { ["cosign.pub"] = CosignSigner.PublicKey(key) });
        var digest = await PushManifestsAsync($"ctrl/{name}", "v1", new Dictionary<string, string> { ["a.yaml"] = name });
        await cosign.SignBundleAsync(key, $"{Registry.Host}/ctrl/{name}@{digest}", Ct);
        await using var front = await TamperingFront.StartAsync(Registry, Ct);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stall = front.AddFault(HttpMethod.Get, "/manifests/sha256-", Fault.StallUntil(0, never.Task), times: 1000);
        var spec = Spec($"ctrl/{name}", new OCIRepositoryRef { Tag = "v1" }) with
        {
            Url = $"oci://{front.Host}/ctrl/{name}",
            Timeout = "2s",
            Verify = new OCIRepositoryVerification { Provider = "cosign", SecretRef = new LocalObjectReference { Name = "timeout-keys" } },
        };

        try
        {
            await _controller.ApplyAsync(name, spec, Ct);
            var failed = await _controller.WaitAsync(name, o => ControllerHost.Condition(o, ConditionTypes.SourceVerified)?.Status == "False", "SourceVerified=False", Ct);

            Assert.True(stall.Applied > 0, ControllerHost.Condition(failed, ConditionTypes.SourceVerified)!.Message);
            Assert.Equal("failed to verify the signature using provider 'cosign': timeout after 2s", ControllerHost.Condition(failed, ConditionTypes.SourceVerified)!.Message);
            Assert.Null(failed.Status!.Artifact);
        }
        finally
        {
            never.SetResult();
        }
    }

    /// <summary>
    /// Keyless: a bundle from a local Sigstore (CA, CT log, Rekor; see <see cref="LocalSigstore"/>) attached with oras,
    /// its trusted root in <c>verify.trustedRootSecretRef</c>; the identity regular expressions decide.
    /// </summary>
    [Theory]
    [InlineData("^https://oidc\\.local\\.test$", "^signer@local\\.test$", true)]
    [InlineData("^https://oidc\\.local\\.test$", "^someone-else@local\\.test$", false)]
    public async Task CosignKeyless_LocalSigstoreBundle_VerifiedOnlyForAMatchingIdentity(string issuer, string subject, bool matches)
    {
        var name = $"verify-keyless-{(matches ? "match" : "other")}";
        using var sigstore = new LocalSigstore();
        var digest = await PushManifestsAsync($"ctrl/{name}", "v1", new Dictionary<string, string> { ["a.yaml"] = name });
        var directory = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        var files = sigstore.WriteFiles(directory, sigstore.Sign(digest));
        await registry.Tools.RunAsync(
            registry.Tools.Oras,
            ["attach", "--plain-http", "--artifact-type", LocalSigstore.BundleMediaType, $"{Registry.Host}/ctrl/{name}@{digest}", $"{Path.GetFileName(files.BundlePath)}:{LocalSigstore.BundleMediaType}"],
            Ct,
            workingDirectory: directory);
        await CreateSecretAsync($"{name}-root", new() { ["trusted_root.json"] = File.ReadAllText(files.TrustedRootPath) });
        var spec = Spec($"ctrl/{name}", new OCIRepositoryRef { Tag = "v1" }) with
        {
            Verify = new OCIRepositoryVerification
            {
                Provider = "cosign",
                MatchOidcIdentity = [new OIDCIdentityMatch { Issuer = issuer, Subject = subject }],
                TrustedRootSecretRef = new LocalObjectReference { Name = $"{name}-root" },
            },
        };

        await _controller.ApplyAsync(name, spec, Ct);
        var obj = await _controller.WaitAsync(name, o => ControllerHost.Condition(o, ConditionTypes.SourceVerified) is not null, "SourceVerified", Ct);

        var verified = ControllerHost.Condition(obj, ConditionTypes.SourceVerified)!;
        if (matches)
        {
            Assert.True(verified.Status == "True", verified.Message);
            Assert.Equal($"verified signature of revision v1@{digest}", verified.Message);
        }
        else
        {
            Assert.Equal("False", verified.Status);
            Assert.StartsWith($"failed to verify the signature using provider 'cosign keyless': no matching signatures were found for '{Registry.Host}/ctrl/{name}@{digest}'", verified.Message, StringComparison.Ordinal);
            Assert.Contains("identit", verified.Message, StringComparison.Ordinal);
            Assert.Null(obj.Status!.Artifact);
        }
    }

    private async Task CreateSecretAsync(string name, Dictionary<string, string> data, bool ignoreExisting = false)
    {
        try
        {
            await _controller.Client.CoreV1.CreateNamespacedSecretAsync(
                new V1Secret { Metadata = new V1ObjectMeta { Name = name }, Data = data.ToDictionary(e => e.Key, e => Encoding.UTF8.GetBytes(e.Value)) },
                _controller.Namespace,
                cancellationToken: Ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (ignoreExisting && e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }
    }
}
