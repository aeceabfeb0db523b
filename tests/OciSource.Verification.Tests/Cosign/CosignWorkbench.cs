using System.Text.RegularExpressions;
using OciSource.Testing;
using OciSource.Testing.Registry;
using OciSource.Testing.Signing;
using OciSource.Verification.Keys;

namespace OciSource.Verification.Tests.Cosign;

/// <summary>
/// Makes real test material for the cosign tests: artifacts pushed by oras and charts pushed by helm to the real
/// registry, key pairs made by cosign (or by openssl and imported by cosign), and signatures made by cosign 3.1 offline
/// (RECIPE: v3 bundles with an empty signing config, v2 <c>.sig</c> with the old format and no log upload).
/// </summary>
internal sealed partial class CosignWorkbench(Tools tools, RegistryServer registry, string work)
{
    /// <summary>The private key file cosign signs with, inside a key directory.</summary>
    public const string PrivateKey = "cosign.key";

    /// <summary>The public key file, inside a key directory.</summary>
    public const string PublicKey = "cosign.pub";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CosignSigner Signer => new(tools, work);

    public string Reference(string repository, string digest) => $"{registry.Host}/{repository}@{digest}";

    /// <summary>Pushes a one-file artifact with oras; returns its manifest digest.</summary>
    public async Task<string> PushArtifactAsync(string repository, string content, string tag = "v1")
    {
        var directory = NewDirectory();
        await File.WriteAllTextAsync(Path.Combine(directory, "a.txt"), content, Ct);
        var result = await tools.RunAsync(tools.Oras, ["push", "--plain-http", $"{registry.Host}/{repository}:{tag}", "a.txt:application/vnd.test.layer.v1"], Ct, workingDirectory: directory);
        return DigestLine().Match(result.StandardOutput) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("oras printed no digest:\n" + result.StandardOutput);
    }

    /// <summary>
    /// Creates, packages and pushes a chart with helm to <paramref name="repository"/> (helm names the repository after
    /// the chart: its last segment is the chart's name); returns its manifest digest.
    /// </summary>
    public async Task<string> PushChartAsync(string repository)
    {
        var slash = repository.LastIndexOf('/');
        var chart = repository[(slash + 1)..];
        var directory = NewDirectory();
        await tools.RunAsync(tools.Helm, ["create", chart], Ct, workingDirectory: directory);
        await tools.RunAsync(tools.Helm, ["package", chart, "--version", "1.2.3"], Ct, workingDirectory: directory);
        var result = await tools.RunAsync(tools.Helm, ["push", $"{chart}-1.2.3.tgz", $"oci://{registry.Host}/{repository[..slash]}", "--plain-http"], Ct, workingDirectory: directory);
        var output = result.StandardOutput + result.StandardError;
        return DigestLine().Match(output) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("helm printed no digest:\n" + output);
    }

    /// <summary>A cosign key pair (ECDSA P-256, cosign's default) in a new directory.</summary>
    public Task<string> GenerateKeyAsync() => Signer.GenerateKeyPairAsync(Guid.NewGuid().ToString("N"), Ct);

    /// <summary>A key made by openssl (<paramref name="algorithm"/>: <c>rsa</c>, <c>p384</c> or <c>ed25519</c>) and imported by <c>cosign import-key-pair</c>.</summary>
    public async Task<string> ImportKeyAsync(string algorithm)
    {
        var directory = NewDirectory();
        string[] generate = algorithm switch
        {
            "rsa" => ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            "p384" => ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
            "ed25519" => ["-algorithm", "ed25519"],
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
        };
        await tools.RunAsync("/usr/bin/openssl", ["genpkey", .. generate, "-out", "openssl.pem"], Ct, workingDirectory: directory);
        await tools.RunAsync("/usr/bin/env", ["COSIGN_PASSWORD=", tools.Cosign, "import-key-pair", "--key", "openssl.pem", "--output-key-prefix", "cosign"], Ct, workingDirectory: directory);
        return directory;
    }

    public static VerificationKey LoadKey(string keyDirectory) => PublicKeyPem.Parse(File.ReadAllText(Path.Combine(keyDirectory, PublicKey)));

    /// <summary>Cosign 3's default: a v3 bundle referrer, offline (empty signing config: no Fulcio, Rekor or TSA).</summary>
    public Task SignBundleAsync(string repository, string digest, string keyDirectory) =>
        Signer.SignBundleAsync(keyDirectory, Reference(repository, digest), Ct);

    /// <summary>Cosign 3 in the old format: no new bundle, no transparency log, a <c>sha256-&lt;hex&gt;.sig</c> tag.</summary>
    public Task SignV2Async(string repository, string digest, string keyDirectory) =>
        Signer.SignV2Async(keyDirectory, Reference(repository, digest), Ct);

    /// <summary>The manifest at <c>repository:tag</c> or <c>repository@digest</c>, as crane prints it.</summary>
    public async Task<string> ManifestAsync(string repository, string tagOrDigest) =>
        (await tools.RunAsync(tools.Crane, ["manifest", "--insecure", $"{registry.Host}/{repository}{(tagOrDigest.Contains(':', StringComparison.Ordinal) ? '@' : ':')}{tagOrDigest}"], Ct)).StandardOutput;

    /// <summary>Copies <c>repository:from</c> to <c>repository:to</c> with crane (signature material moved to a victim).</summary>
    public Task CopyTagAsync(string repository, string from, string to) =>
        tools.RunAsync(tools.Crane, ["copy", "--insecure", $"{registry.Host}/{repository}:{from}", $"{registry.Host}/{repository}:{to}"], Ct);

    /// <summary>Pushes <paramref name="manifest"/> as <c>repository:tag</c> with oras.</summary>
    public async Task PushManifestAsync(string repository, string tag, string manifest)
    {
        var path = Path.Combine(NewDirectory(), "manifest.json");
        await File.WriteAllTextAsync(path, manifest, Ct);
        await tools.RunAsync(tools.Oras, ["manifest", "push", "--plain-http", $"{registry.Host}/{repository}:{tag}", path], Ct);
    }

    /// <summary>Attaches <paramref name="content"/> to the subject with oras (referrers tag schema), as a layer of <paramref name="mediaType"/>.</summary>
    public async Task AttachAsync(string repository, string subject, string artifactType, string mediaType, byte[] content)
    {
        var directory = NewDirectory();
        await File.WriteAllBytesAsync(Path.Combine(directory, "attached.json"), content, Ct);
        await tools.RunAsync(
            tools.Oras,
            [
                "attach", "--plain-http", "--distribution-spec", "v1.1-referrers-tag", "--artifact-type", artifactType,
                Reference(repository, subject), $"attached.json:{mediaType}",
            ],
            Ct,
            workingDirectory: directory);
    }

    /// <summary>Reads a blob with crane.</summary>
    public async Task<string> BlobAsync(string repository, string digest) =>
        (await tools.RunAsync(tools.Crane, ["blob", "--insecure", Reference(repository, digest)], Ct)).StandardOutput;

    private string NewDirectory() => Directory.CreateDirectory(Path.Combine(work, Guid.NewGuid().ToString("N"))).FullName;

    [GeneratedRegex(@"Digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
