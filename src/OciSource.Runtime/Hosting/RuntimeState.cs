namespace OciSource.Runtime.Hosting;

/// <summary>Why the runtime stopped the host, so the executable can exit non-zero (and the pod restart).</summary>
public sealed class RuntimeState
{
    private volatile bool _leadershipLost;
    private volatile Exception? _failure;

    /// <summary>Leadership was lost (renewal missed its deadline).</summary>
    public bool LeadershipLost => _leadershipLost;

    /// <summary>A runnable failed or returned on its own.</summary>
    public Exception? Failure => _failure;

    /// <summary>0 after a requested stop; 1 when leadership was lost or a runnable failed.</summary>
    public int ExitCode => _leadershipLost || _failure is not null ? 1 : 0;

    internal void MarkLeadershipLost() => _leadershipLost = true;

    internal void MarkFailed(Exception failure) => _failure ??= failure;
}
