using System.CommandLine;
using OciSource.Verification.Keys;
using OciSource.Verification.Sigstore;

namespace OciSource.Cli;

/// <summary>
/// <c>ocisource verify-bundle</c>: verifies a Sigstore bundle for an artifact file or <c>sha256:HEX</c>, with a public
/// key or a certificate identity, against the production, staging or a given trusted root. Exit 0 when verified, 1 when
/// refused (the reason on standard error), 2 for invalid usage.
/// </summary>
internal static class VerifyBundleCommand
{
    private const int MaxKeyFileSize = 64 * 1024;

    public static Command Create()
    {
        var bundle = new Option<FileInfo>("--bundle") { Description = "The Sigstore bundle (JSON).", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "Verify with this PEM public key instead of a certificate identity." };
        var identity = new Option<string>("--certificate-identity") { Description = "The expected certificate identity (subject alternative name), exactly." };
        var issuer = new Option<string>("--certificate-oidc-issuer") { Description = "The expected OIDC issuer of the certificate, exactly." };
        var trustedRoot = new Option<FileInfo>("--trusted-root") { Description = "A Sigstore trusted root JSON (default: the embedded public-good production root)." };
        var staging = new Option<bool>("--staging") { Description = "Use the embedded public-good staging root." };
        var artifact = new Argument<string>("artifact") { Description = "The artifact file, or sha256:HEX of its content." };
        var command = new Command("verify-bundle", "Verify a Sigstore bundle for an artifact.")
        {
            bundle, key, identity, issuer, trustedRoot, staging, artifact,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = new VerifyBundleRequest(
                result.GetValue(bundle)!,
                result.GetValue(key),
                result.GetValue(identity),
                result.GetValue(issuer),
                result.GetValue(trustedRoot),
                result.GetValue(staging),
                result.GetValue(artifact)!);
            return await RunAsync(request, Console.Error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs one verification; writes the outcome to <paramref name="error"/>.</summary>
    /// <returns>0 verified, 1 refused, 2 invalid usage.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<int> RunAsync(VerifyBundleRequest request, TextWriter error, CancellationToken cancellationToken)
    {
        if ((request.Key is null) == (request.Identity is null || request.Issuer is null) || (request.Key is not null && (request.Identity ?? request.Issuer) is not null))
        {
            await error.WriteLineAsync("Give either --key, or both --certificate-identity and --certificate-oidc-issuer.").ConfigureAwait(false);
            return 2;
        }

        if (request.TrustedRoot is not null && request.Staging)
        {
            await error.WriteLineAsync("Give at most one of --trusted-root and --staging.").ConfigureAwait(false);
            return 2;
        }

        VerificationKey? key = null;
        try
        {
            var digest = await ArtifactDigest.ComputeAsync(request.Artifact, cancellationToken).ConfigureAwait(false);
            var root = await LoadRootAsync(request, cancellationToken).ConfigureAwait(false);
            VerificationPolicy policy;
            if (request.Key is not null)
            {
                key = PublicKeyPem.Parse(await ReadTextAsync(request.Key, MaxKeyFileSize, cancellationToken).ConfigureAwait(false));
                policy = VerificationPolicy.ForKey(key);
            }
            else
            {
                policy = VerificationPolicy.ForIdentities([CertificateIdentity.Exact(request.Issuer!, request.Identity!)]);
            }

            var bundle = await ReadBytesAsync(request.Bundle, BundleVerifier.MaxBundleSize, cancellationToken).ConfigureAwait(false);
            var result = new BundleVerifier(root).Verify(bundle, digest, policy);
            await error.WriteLineAsync($"Verified OK (signed at {string.Join(", ", result.SignedAt.Select(t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture)))}).").ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is SigstoreVerificationException or KeyFormatException or IOException or UnauthorizedAccessException or FormatException)
        {
            await error.WriteLineAsync("Verification failed: " + e.Message).ConfigureAwait(false);
            return 1;
        }
        finally
        {
            key?.Dispose();
        }
    }

    private static async Task<TrustedRoot> LoadRootAsync(VerifyBundleRequest request, CancellationToken cancellationToken)
    {
        if (request.TrustedRoot is null)
        {
            return request.Staging ? TrustedRoot.Staging : TrustedRoot.Production;
        }

        var stream = request.TrustedRoot.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            return await TrustedRoot.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> ReadTextAsync(FileInfo file, int limit, CancellationToken cancellationToken) =>
        System.Text.Encoding.UTF8.GetString(await ReadBytesAsync(file, limit, cancellationToken).ConfigureAwait(false));

    private static async Task<byte[]> ReadBytesAsync(FileInfo file, int limit, CancellationToken cancellationToken)
    {
        var stream = file.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length > limit)
            {
                throw new IOException($"{file.Name} is larger than {limit} bytes.");
            }

            var buffer = new byte[stream.Length];
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer;
        }
    }
}
