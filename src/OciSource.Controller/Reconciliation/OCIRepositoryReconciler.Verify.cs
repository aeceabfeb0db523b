using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Controller.Reconciliation;

internal sealed partial class OCIRepositoryReconciler
{
    /// <summary>
    /// Flux's verify step, failing closed until signature verification is implemented: with <c>spec.verify</c> the
    /// reconcile stops before anything is requested from the registry, with <c>SourceVerified=False</c>
    /// (<c>VerificationError</c>), which the summary copies into <c>Ready=False</c>; the previous artifact keeps
    /// serving. Stalling: only a change of the spec (removing <c>spec.verify</c>) or of the controller helps. Without
    /// <c>spec.verify</c> any <c>SourceVerified</c> condition is removed.
    /// </summary>
    /// <exception cref="ReconcileError">Verification was asked for.</exception>
    private static void ReconcileVerification(OCIRepositorySpec spec, ConditionBook book)
    {
        if (spec.Verify is not { } verify)
        {
            book.Delete(ConditionTypes.SourceVerified);
            return;
        }

        var provider = verify.Provider switch
        {
            "cosign" => verify.SecretRef is null ? "cosign keyless" : "cosign",
            "notation" => "notation",
            _ => null,
        };
        var message = provider is null
            ? $"unsupported verification provider: {verify.Provider}"
            : $"failed to verify the signature using provider '{provider}': signature verification is not implemented in this " +
              "version of OciSource, so nothing was pulled; remove spec.verify to use the artifact unverified";
        throw ReconcileError.Verification(message);
    }
}
