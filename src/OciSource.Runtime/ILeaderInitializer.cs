namespace OciSource.Runtime;

/// <summary>
/// Work a replica does each time it starts leading, before any <see cref="IRunnable"/> starts (for example removing
/// what a previous leader left behind in shared storage). Without leader election it runs once at start.
/// </summary>
public interface ILeaderInitializer
{
    /// <summary>Runs to completion; the runnables start only after every initializer returned.</summary>
    /// <exception cref="Exception">A failure that cannot be recovered; the host stops with <c>ExitCodes.Failed</c>.</exception>
    Task InitializeAsync(CancellationToken cancellationToken);
}
