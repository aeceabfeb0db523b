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

    /// <summary>
    /// <see cref="ExitCodes.LeadershipLost"/> when leadership was lost, else <see cref="ExitCodes.Failed"/> when a
    /// runnable failed, else <see cref="ExitCodes.Stopped"/> (a requested stop).
    /// </summary>
    public int ExitCode => _leadershipLost ? ExitCodes.LeadershipLost : _failure is not null ? ExitCodes.Failed : ExitCodes.Stopped;

    internal void MarkLeadershipLost() => _leadershipLost = true;

    internal void MarkFailed(Exception failure) => _failure ??= failure;
}
