using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace OciSource.Testing.Sigstore;

/// <summary>
/// A test-only, in-process Sigstore instance: a Fulcio-like CA (<see cref="LocalCertificateAuthority"/>), a CT log
/// (<see cref="LocalCtLog"/>) and a Rekor v1-style log (<see cref="LocalRekor"/>), built from the published formats
/// (protobuf-specs bundle v0.3 and trusted root, RFC 6962 SCTs and Merkle proofs, Rekor's SET and signed-note
/// checkpoints) because the public-good instance is unreachable here. It signs keyless the way cosign 3 signs an
/// image: a DSSE envelope holding an in-toto statement (predicate type <c>https://sigstore.dev/cosign/sign/v1</c>)
/// whose subject is the OCI manifest digest, with an ephemeral key certified by the CA and logged as a
/// <c>dsse 0.0.1</c> entry. Every instance has fresh keys.
/// </summary>
public sealed class LocalSigstore : IDisposable
{
    /// <summary>The media type (and OCI artifact type) of the bundles made here.</summary>
    public const string BundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /// <summary>The in-toto predicate type cosign 3 writes for image signatures.</summary>
    public const string PredicateType = "https://sigstore.dev/cosign/sign/v1";

    private const string ValidFrom = "2020-01-01T00:00:00Z";

    public LocalCertificateAuthority CertificateAuthority { get; } = new();

    public LocalCtLog CtLog { get; } = new();

    public LocalRekor Rekor { get; } = new();

    /// <summary>A bundle v0.3 signing the OCI manifest <paramref name="manifestDigest"/> (<c>sha256:&lt;hex&gt;</c>) keyless.</summary>
    public byte[] Sign(string manifestDigest, LocalSigningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifestDigest);
        options ??= new LocalSigningOptions();
        var hex = manifestDigest.StartsWith("sha256:", StringComparison.Ordinal) && manifestDigest.Length == 71
            ? manifestDigest[7..]
            : throw new ArgumentException("Expected sha256:<64 hex digits>.", nameof(manifestDigest));

        using var signer = LocalKeys.Create();
        using var certificate = CertificateAuthority.Issue(signer, options, CtLog);
        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = "oci-artifact", ["digest"] = new JsonObject { ["sha256"] = hex } }),
            ["predicateType"] = PredicateType,
            ["predicate"] = new JsonObject(),
        };
        var payload = Encoding.UTF8.GetBytes(statement.ToJsonString());
        const string payloadType = "application/vnd.in-toto+json";
        var pae = Encoding.UTF8.GetBytes(FormattableString.Invariant($"DSSEv1 {payloadType.Length} {payloadType} {payload.Length} "));
        var signature = LocalKeys.Sign(signer, [.. pae, .. payload]);
        var envelope = new JsonObject
        {
            ["payload"] = Convert.ToBase64String(payload),
            ["payloadType"] = payloadType,
            ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(signature) }),
        };

        var body = new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "dsse",
            ["spec"] = new JsonObject
            {
                ["envelopeHash"] = Sha256Hash(Encoding.UTF8.GetBytes(envelope.ToJsonString())),
                ["payloadHash"] = Sha256Hash(payload),
                ["signatures"] = new JsonArray(new JsonObject
                {
                    ["signature"] = Convert.ToBase64String(signature),
                    ["verifier"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n")),
                }),
            },
        };
        var entry = Rekor.Log(Encoding.UTF8.GetBytes(body.ToJsonString()), "dsse", "0.0.1", options.SigningTime, options);

        var bundle = new JsonObject
        {
            ["mediaType"] = BundleMediaType,
            ["verificationMaterial"] = new JsonObject
            {
                ["certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(certificate.RawData) },
                ["tlogEntries"] = new JsonArray(entry),
            },
            ["dsseEnvelope"] = envelope,
        };
        return Encoding.UTF8.GetBytes(bundle.ToJsonString());
    }

    /// <summary>
    /// The trusted root naming this instance's CA (intermediate, then root), CT log and Rekor log, each valid from
    /// 2020-01-01 with no end. <paramref name="withCertificateAuthority"/> false leaves the CA out.
    /// </summary>
    public byte[] TrustedRootJson(bool withCertificateAuthority = true)
    {
        var authorities = new JsonArray();
        if (withCertificateAuthority)
        {
            authorities.Add(new JsonObject
            {
                ["subject"] = new JsonObject { ["organization"] = "OciSource tests", ["commonName"] = "local-sigstore" },
                ["uri"] = "https://fulcio.local.test",
                ["certChain"] = new JsonObject
                {
                    ["certificates"] = new JsonArray(Raw(CertificateAuthority.Intermediate), Raw(CertificateAuthority.Root)),
                },
                ["validFor"] = new JsonObject { ["start"] = ValidFrom },
            });
        }

        var root = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            ["tlogs"] = new JsonArray(Log(LocalRekor.BaseUrl, Rekor.PublicKey, Rekor.LogId)),
            ["certificateAuthorities"] = authorities,
            ["ctlogs"] = new JsonArray(Log("https://ctfe.local.test/test", CtLog.PublicKey, CtLog.LogId)),
            ["timestampAuthorities"] = new JsonArray(),
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>Writes <paramref name="bundle"/> and this instance's trusted root into <paramref name="directory"/> (for controller tests).</summary>
    public LocalSigstoreFiles WriteFiles(string directory, byte[] bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        Directory.CreateDirectory(directory);
        var files = new LocalSigstoreFiles(Path.Combine(directory, "bundle.sigstore.json"), Path.Combine(directory, "trusted_root.json"));
        File.WriteAllBytes(files.BundlePath, bundle);
        File.WriteAllBytes(files.TrustedRootPath, TrustedRootJson());
        return files;
    }

    public void Dispose()
    {
        CertificateAuthority.Dispose();
        CtLog.Dispose();
        Rekor.Dispose();
    }

    private static JsonObject Sha256Hash(byte[] data) =>
        new() { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(data)) };

    private static JsonObject Raw(X509Certificate2 certificate) => new() { ["rawBytes"] = Convert.ToBase64String(certificate.RawData) };

    private static JsonObject Log(string baseUrl, byte[] publicKey, byte[] logId) => new()
    {
        ["baseUrl"] = baseUrl,
        ["hashAlgorithm"] = "SHA2_256",
        ["publicKey"] = new JsonObject
        {
            ["rawBytes"] = Convert.ToBase64String(publicKey),
            ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256",
            ["validFor"] = new JsonObject { ["start"] = ValidFrom },
        },
        ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(logId) },
    };
}
