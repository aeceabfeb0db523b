using OciSource.Testing.Processes;

namespace OciSource.Testing.Signing;

/// <summary>
/// Signs with the real cosign 3.1, offline (RECIPE "Signing offline with the real tools"): key pairs without a
/// password, v3 bundles through a signing config without services, or v2 <c>.sig</c> signatures.
/// </summary>
public sealed class CosignSigner(Tools tools, string workDirectory)
{
    /// <summary>Generates <c>cosign.key</c> and <c>cosign.pub</c> in a new directory named <paramref name="name"/>; returns the directory.</summary>
    /// <exception cref="ToolFailedException">cosign failed.</exception>
    public async Task<string> GenerateKeyPairAsync(string name, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workDirectory, name)).FullName;
        await tools.RunAsync("/usr/bin/env", ["COSIGN_PASSWORD=", tools.Cosign, "generate-key-pair"], cancellationToken, workingDirectory: directory);
        return directory;
    }

    /// <summary>The public key PEM of a key pair made by <see cref="GenerateKeyPairAsync"/>.</summary>
    public static string PublicKey(string keyDirectory) => File.ReadAllText(Path.Combine(keyDirectory, "cosign.pub"));

    /// <summary>Signs <paramref name="reference"/> (<c>host/repo@digest</c>) with a v3 bundle, attached as a referrer.</summary>
    /// <exception cref="ToolFailedException">cosign failed.</exception>
    public async Task SignBundleAsync(string keyDirectory, string reference, CancellationToken cancellationToken)
    {
        var config = Path.Combine(keyDirectory, "signing-config.json");
        if (!File.Exists(config))
        {
            await tools.RunAsync(tools.Cosign, ["signing-config", "create", "--out", config], cancellationToken);
        }

        await tools.RunAsync(
            "/usr/bin/env",
            [
                "COSIGN_PASSWORD=", tools.Cosign, "sign", "--key", Path.Combine(keyDirectory, "cosign.key"), "--signing-config", config,
                "--allow-http-registry", "--allow-insecure-registry", "-y", reference,
            ],
            cancellationToken);
    }

    /// <summary>Signs <paramref name="reference"/> in the old format: a <c>sha256-&lt;hex&gt;.sig</c> tag, no transparency log.</summary>
    /// <exception cref="ToolFailedException">cosign failed.</exception>
    public async Task SignV2Async(string keyDirectory, string reference, CancellationToken cancellationToken) =>
        await tools.RunAsync(
            "/usr/bin/env",
            [
                "COSIGN_PASSWORD=", tools.Cosign, "sign", "--key", Path.Combine(keyDirectory, "cosign.key"), "--new-bundle-format=false",
                "--use-signing-config=false", "--tlog-upload=false", "--allow-http-registry", "--allow-insecure-registry", "-y", reference,
            ],
            cancellationToken);
}
