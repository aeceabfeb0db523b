namespace OciSource.Controller.Reconciliation;

/// <summary>Settings of the OCIRepository reconciler that come from flags.</summary>
internal sealed record ReconcilerOptions
{
    /// <summary><c>--interval-jitter-percentage</c>: ± jitter on the success requeue.</summary>
    public int IntervalJitterPercentage { get; init; } = 5;

    /// <summary>Sent to registries.</summary>
    public string UserAgent { get; init; } = "oci-source-controller/1.0";
}
