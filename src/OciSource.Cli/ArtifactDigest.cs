using System.Security.Cryptography;

namespace OciSource.Cli;

/// <summary>The SHA-256 of an artifact given as <c>sha256:HEX</c> or as a file path (streamed, never buffered).</summary>
internal static class ArtifactDigest
{
    private const string Prefix = "sha256:";

    /// <exception cref="FormatException">A <c>sha256:</c> value that is not 64 hex digits.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<byte[]> ComputeAsync(string artifact, CancellationToken cancellationToken)
    {
        if (artifact.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var hex = artifact[Prefix.Length..];
            return hex.Length == 2 * SHA256.HashSizeInBytes && hex.All(Uri.IsHexDigit)
                ? Convert.FromHexString(hex)
                : throw new FormatException("The artifact digest must be sha256: followed by 64 hex digits.");
        }

        var stream = File.OpenRead(artifact);
        await using (stream.ConfigureAwait(false))
        {
            return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }
}
