namespace OciSource.Runtime.Hosting;

/// <summary>The executable's exit codes (README "Exit codes"); a pod's restart reason shows which one ended it.</summary>
public static class ExitCodes
{
    /// <summary>Stopped on request (SIGTERM) after a clean shutdown.</summary>
    public const int Stopped = 0;

    /// <summary>A component failed or ended on its own.</summary>
    public const int Failed = 1;

    /// <summary>Invalid flags or environment.</summary>
    public const int InvalidFlags = 2;

    /// <summary>Leadership was lost: the Lease could not be renewed within the renew deadline (typically the API server did not answer).</summary>
    public const int LeadershipLost = 3;

    /// <summary>Something the process needs at start could not be used (the storage path is read-only, not writable or full).</summary>
    public const int StartupFailed = 4;
}
