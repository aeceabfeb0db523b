namespace OciSource.Runtime;

/// <summary>
/// Something that runs only while this replica leads (informers and workers, later the artifact server): started when
/// leadership is won, cancelled when it is lost or the host stops.
/// </summary>
public interface IRunnable
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then returns after a graceful stop.</summary>
    /// <exception cref="Exception">A failure that cannot be recovered; the host stops.</exception>
    Task RunAsync(CancellationToken cancellationToken);
}
