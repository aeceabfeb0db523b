namespace OciSource.Runtime.Controller;

/// <summary>What a successful reconcile asks for next.</summary>
/// <param name="RequeueAfter">Zero: nothing (until the next event); positive: reconcile again after this delay.</param>
public readonly record struct ReconcileResult(TimeSpan RequeueAfter)
{
    /// <summary>No requeue.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Reconcile again after <paramref name="delay"/>.</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
