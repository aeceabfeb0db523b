namespace OciSource.Runtime.Leader;

/// <summary>Lease-based leader election settings (Flux's flags and defaults).</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>The Lease's name (Flux: <c>source-controller-leader-election</c>, suffixed per label selector).</summary>
    public required string LeaseName { get; init; }

    /// <summary>The Lease's namespace (the controller's own namespace, <c>$RUNTIME_NAMESPACE</c>).</summary>
    public required string LeaseNamespace { get; init; }

    /// <summary>This replica's identity in <c>holderIdentity</c> (hostname + a random suffix, as controller-runtime).</summary>
    public required string Identity { get; init; }

    /// <summary>How long non-leaders wait after the last observed renewal before taking over (default 35 s).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(35);

    /// <summary>How long the leader keeps retrying a renewal before it gives up leadership (default 30 s).</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause between acquire and renew attempts (default 5 s).</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Clear the holder when stopping so a successor need not wait for the lease to expire (default true).</summary>
    public bool ReleaseOnCancel { get; init; } = true;
}
