using System.Security.Cryptography;
using System.Text;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// A transparency-log checkpoint in signed-note form: origin, tree size, root hash, optional extension lines, a blank
/// line, then one or more signature lines <c>— name base64(keyhint[4] || signature)</c>. Witness cosignatures by
/// unknown keys are ignored; one signature by the log itself must verify.
/// </summary>
internal sealed record Checkpoint(string Origin, long TreeSize, byte[] RootHash)
{
    /// <summary>Largest checkpoint accepted, in characters.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>Parses <paramref name="envelope"/> and checks that a signature line by <paramref name="log"/> verifies.</summary>
    /// <exception cref="SigstoreVerificationException">Malformed, or no signature line by the log verifies.</exception>
    public static Checkpoint ParseAndVerify(string envelope, TransparencyLog log)
    {
        if (envelope.Length > MaxLength)
        {
            throw new SigstoreVerificationException("The checkpoint is too large.");
        }

        var split = envelope.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new SigstoreVerificationException("The checkpoint has no signature section.");
        }

        var text = envelope[..(split + 1)];
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[0].Length == 0)
        {
            throw new SigstoreVerificationException("The checkpoint has no origin, tree size and root hash.");
        }

        if (!long.TryParse(lines[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
        {
            throw new SigstoreVerificationException("The checkpoint's tree size is not a number.");
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException e)
        {
            throw new SigstoreVerificationException("The checkpoint's root hash is not base64.", e);
        }

        if (root.Length != SHA256.HashSizeInBytes)
        {
            throw new SigstoreVerificationException("The checkpoint's root hash is not a SHA-256 hash.");
        }

        var signed = Encoding.UTF8.GetBytes(text);
        var hint = log.LogId.AsSpan(0, 4);
        foreach (var line in envelope[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("\u2014 ", StringComparison.Ordinal))
            {
                throw new SigstoreVerificationException("The checkpoint has a malformed signature line.");
            }

            var parts = line[2..].Split(' ');
            if (parts.Length != 2 || parts[0] != log.Host)
            {
                continue;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[1]);
            }
            catch (FormatException)
            {
                continue;
            }

            if (blob.Length > 4 && blob.AsSpan(0, 4).SequenceEqual(hint) && log.Key.VerifyData(signed, blob.AsSpan(4)))
            {
                return new Checkpoint(lines[0], size, root);
            }
        }

        throw new SigstoreVerificationException($"No signature of the checkpoint verifies with the key of the log {log.BaseUrl}.");
    }
}
