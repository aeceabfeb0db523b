using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Controller.Verification;
using OciSource.Runtime.Hosting;
using OciSource.Runtime.Status;

namespace OciSource.Controller.Reconciliation;

internal sealed partial class OCIRepositoryReconciler
{
    /// <summary>
    /// Flux's verify step, after the revision is resolved and before the pull. Without <c>spec.verify</c> any
    /// <c>SourceVerified</c> condition is removed. With it, signatures are verified unless the stored artifact already
    /// has <paramref name="revision"/> and <c>SourceVerified</c> is True for this generation; success marks
    /// <c>SourceVerified=True</c> (notation's non-enforced outcomes mark nothing). Bounded by <c>spec.timeout</c> on its
    /// own, as Flux.
    /// </summary>
    /// <exception cref="ReconcileError">
    /// <c>SourceVerified=False</c>, reason <c>VerificationError</c>, <c>failed to verify the signature using provider
    /// '&lt;cosign|cosign keyless|notation&gt;': &lt;cause&gt;</c>; retried with backoff, nothing is pulled.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    private async Task VerifyRevisionAsync(
        OCIRepository obj, OCIRepositoryStatus status, ConditionBook book, VerificationSubject subject, string revision, CancellationToken cancellationToken)
    {
        if (obj.Spec.Verify is not { } verify)
        {
            book.Delete(ConditionTypes.SourceVerified);
            return;
        }

        if (status.Artifact?.Revision == revision &&
            book.Get(ConditionTypes.SourceVerified) is { Status: Conditions.True } verified && verified.ObservedGeneration == (obj.Metadata.Generation ?? 0))
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout(obj.Spec));
        var provider = SourceSignatureVerifier.ProviderName(verify);
        try
        {
            if (await verifier.VerifyAsync(verify, obj.Metadata.NamespaceProperty, subject, timeout.Token) == SignatureOutcome.Verified)
            {
                book.Mark(ConditionTypes.SourceVerified, Conditions.True, Reasons.Succeeded, $"verified signature of revision {revision}");
            }
        }
        catch (SignatureVerificationException e)
        {
            throw ReconcileError.Verification($"failed to verify the signature using provider '{provider}': {e.Message}", e);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw ReconcileError.Verification($"failed to verify the signature using provider '{provider}': timeout after {GoDuration.Format(Timeout(obj.Spec))}");
        }
    }

    /// <summary>Flux: a failed verification is recomputed on every reconcile, so SourceVerified=False is dropped at the start (True is kept).</summary>
    private static void ForgetFailedVerification(ConditionBook book)
    {
        if (book.Get(ConditionTypes.SourceVerified) is { Status: Conditions.False })
        {
            book.Delete(ConditionTypes.SourceVerified);
        }
    }
}
