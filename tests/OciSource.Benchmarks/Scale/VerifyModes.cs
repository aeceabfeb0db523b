using System.Text;
using k8s;
using k8s.Models;
using OciSource.Api.V1;
using OciSource.Testing.Signing;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// The modes of the <c>verify</c> scenario, with their material: one cosign key pair (the Secret holds
/// <c>cosign.pub</c>) signing v3 bundles or v2 <c>.sig</c> tags with the real cosign 3.1, and one
/// <c>notation cert generate-test</c> certificate (the Secret holds <c>trustpolicy.json</c> and the certificate)
/// signing JWS or COSE envelopes with the real notation 1.3. Keyless is absent: there is no local Fulcio and Rekor.
/// </summary>
internal static class VerifyModes
{
    private const string CosignSecret = "bench-cosign-keys";
    private const string NotationSecret = "bench-notation-policy";
    private const string NotationKey = "bench-signer";

    /// <summary>Makes the keys and the Secrets in <paramref name="ns"/>; returns the baseline first, then each verifying mode.</summary>
    public static async Task<IReadOnlyList<VerifyMode>> CreateAsync(BenchEnvironment environment, string ns, CancellationToken cancellationToken)
    {
        var cosign = new CosignSigner(environment.Tools, environment.WorkDirectory);
        var key = await cosign.GenerateKeyPairAsync("cosign-key", cancellationToken);
        await CreateSecretAsync(environment.Client, ns, CosignSecret, new() { ["cosign.pub"] = CosignSigner.PublicKey(key) }, cancellationToken);

        var notation = new NotationHome(environment.Tools, Directory.CreateDirectory(Path.Combine(environment.WorkDirectory, "notation-home")).FullName);
        using (await notation.GenerateAsync(NotationKey))
        {
        }

        // The subject notation's generate-test writes, in the Notary Project's attribute names.
        var policy = $$"""
            {"version":"1.0","trustPolicies":[{"name":"bench","registryScopes":["*"],"signatureVerification":{"level":"strict"},
             "trustStores":["ca:bench"],"trustedIdentities":["x509.subject: CN={{NotationKey}},O=Notary,L=Seattle,ST=WA,C=US"]}]}
            """;
        await CreateSecretAsync(
            environment.Client,
            ns,
            NotationSecret,
            new() { ["trustpolicy.json"] = policy, [$"{NotationKey}.crt"] = await File.ReadAllTextAsync(notation.CertificatePath(NotationKey), cancellationToken) },
            cancellationToken);

        var cosignVerify = new OCIRepositoryVerification { Provider = "cosign", SecretRef = new LocalObjectReference { Name = CosignSecret } };
        var notationVerify = new OCIRepositoryVerification { Provider = "notation", SecretRef = new LocalObjectReference { Name = NotationSecret } };
        return
        [
            new("none", "no verify (baseline)", null, (_, _) => Task.CompletedTask),
            new("cosign-v3", "cosign keyed, v3 bundle (referrer)", cosignVerify, (r, ct) => cosign.SignBundleAsync(key, r, ct)),
            new("cosign-v2", "cosign keyed, v2 `.sig` tag", cosignVerify, (r, ct) => cosign.SignV2Async(key, r, ct)),
            new("notation-jws", "notation, JWS envelope", notationVerify, async (r, _) => await notation.SignAsync(r)),
            new("notation-cose", "notation, COSE envelope", notationVerify, async (r, _) => await notation.SignAsync(r, "--signature-format", "cose")),
        ];
    }

    private static Task<V1Secret> CreateSecretAsync(Kubernetes client, string ns, string name, Dictionary<string, string> data, CancellationToken cancellationToken) =>
        client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = name }, Data = data.ToDictionary(e => e.Key, e => Encoding.UTF8.GetBytes(e.Value)) },
            ns,
            cancellationToken: cancellationToken);
}
