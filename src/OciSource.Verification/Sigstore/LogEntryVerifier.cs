using System.Globalization;
using System.Text;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// Verifies one Rekor entry of a bundle against the trusted root: the log is known, the body records the bundle's
/// content, the inclusion proof leads to a checkpoint the log signed, and (Rekor v1) the signed entry timestamp holds.
/// </summary>
internal static class LogEntryVerifier
{
    /// <returns>The entry's integrated time when its signed entry timestamp verified; otherwise <see langword="null"/>.</returns>
    /// <exception cref="SigstoreVerificationException">Any check fails, with which.</exception>
    public static DateTimeOffset? Verify(TransparencyLogEntry entry, int bundleMinorVersion, SignedContent content, TrustedRoot root)
    {
        var log = root.RekorLogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(entry.LogId))
            ?? throw new SigstoreVerificationException("The log entry comes from a transparency log that is not in the trusted root (another Sigstore instance?).");
        EntryBody.Match(entry, content);
        var rekorV2 = entry.Version == "0.0.2" && entry.Kind is "hashedrekord" or "dsse";
        if (entry.InclusionProof is null && (rekorV2 || bundleMinorVersion >= 2))
        {
            throw new SigstoreVerificationException("The log entry has no inclusion proof.");
        }

        if (entry.InclusionProof is { } proof)
        {
            var checkpoint = Checkpoint.ParseAndVerify(proof.Checkpoint, log);
            if (rekorV2 && checkpoint.Origin != log.Host)
            {
                throw new SigstoreVerificationException($"The checkpoint's origin '{checkpoint.Origin}' is not the log {log.BaseUrl}.");
            }

            if (checkpoint.TreeSize != proof.TreeSize || !checkpoint.RootHash.AsSpan().SequenceEqual(proof.RootHash))
            {
                throw new SigstoreVerificationException("The checkpoint does not sign the inclusion proof's tree size and root hash.");
            }

            MerkleProof.VerifyInclusion(proof.LogIndex, proof.TreeSize, MerkleProof.LeafHash(entry.CanonicalizedBody), proof.Hashes, proof.RootHash);
        }

        if (rekorV2 || entry.SignedEntryTimestamp is null || entry.IntegratedTime is not { } integrated)
        {
            if (!rekorV2 && bundleMinorVersion == 1)
            {
                throw new SigstoreVerificationException("The v0.1 bundle's log entry has no signed entry timestamp.");
            }

            return null;
        }

        if (integrated < 0 || integrated > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new SigstoreVerificationException($"The log entry's integrated time {integrated} is not a time.");
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(integrated);
        var payload = Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"body\":\"{Convert.ToBase64String(entry.CanonicalizedBody)}\",\"integratedTime\":{integrated},\"logID\":\"{Convert.ToHexStringLower(entry.LogId)}\",\"logIndex\":{entry.LogIndex}}}"));
        if (!log.Key.VerifyData(payload, entry.SignedEntryTimestamp))
        {
            throw new SigstoreVerificationException("The log entry's signed entry timestamp does not verify with the log's key.");
        }

        if (!log.ValidFor.Contains(time))
        {
            throw new SigstoreVerificationException($"The log's key was not valid at the entry's integrated time ({time:O}).");
        }

        return time;
    }
}
