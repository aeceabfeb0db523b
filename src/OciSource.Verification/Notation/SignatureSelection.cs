namespace OciSource.Verification.Notation;

/// <summary>Tries signatures in order, as Flux does: at most <see cref="MaxAttempts"/>, the first verified wins.</summary>
public static class SignatureSelection
{
    /// <summary>Flux's MaxSignatureAttempts.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// Verifies up to <see cref="MaxAttempts"/> of <paramref name="candidates"/> with <paramref name="verify"/> and
    /// returns the first result that is not a failure (verified, or ignored: notation-go stops at the first signature
    /// without an enforced failure, and Flux reports a logged authenticity failure as ignored); else a failure listing
    /// each attempt's reason. No candidates is a failure.
    /// </summary>
    public static async Task<NotationResult> FirstVerifiedAsync<T>(
        IReadOnlyList<T> candidates,
        Func<T, CancellationToken, Task<NotationResult>> verify,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(verify);
        if (candidates.Count == 0)
        {
            return NotationResult.Fail("no notation signature was found for the artifact");
        }

        var reasons = new List<string>();
        foreach (var candidate in candidates.Take(MaxAttempts))
        {
            var result = await verify(candidate, cancellationToken).ConfigureAwait(false);
            if (result.Outcome != NotationOutcome.Failed)
            {
                return result;
            }

            reasons.Add(result.Reason);
        }

        return NotationResult.Fail($"no notation signature verified ({reasons.Count} tried): " + string.Join("; ", reasons));
    }
}
