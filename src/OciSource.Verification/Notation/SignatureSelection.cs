namespace OciSource.Verification.Notation;

/// <summary>Tries signatures in order, as Flux does: at most <see cref="MaxAttempts"/>, the first verified wins.</summary>
public static class SignatureSelection
{
    /// <summary>Flux's MaxSignatureAttempts.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// Verifies up to <see cref="MaxAttempts"/> of <paramref name="candidates"/> with <paramref name="verify"/> and
    /// returns the first verified result; else ignored when every attempt was ignored; else a failure listing each
    /// attempt's reason. No candidates is a failure.
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
        var ignored = 0;
        foreach (var candidate in candidates.Take(MaxAttempts))
        {
            var result = await verify(candidate, cancellationToken).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case NotationOutcome.Verified:
                    return result;
                case NotationOutcome.Ignored:
                    ignored++;
                    break;
                default:
                    break;
            }

            reasons.Add(result.Reason);
        }

        return ignored == reasons.Count
            ? new NotationResult(NotationOutcome.Ignored, reasons[^1])
            : NotationResult.Fail($"no notation signature verified ({reasons.Count} tried): " + string.Join("; ", reasons));
    }
}
