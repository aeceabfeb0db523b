namespace OciSource.Benchmarks.Scale;

/// <summary>What the steady-state window measured.</summary>
/// <param name="Reconciles">Reconciles completed in the window.</param>
/// <param name="Window">The window's length.</param>
/// <param name="CpuSeconds">The controller's user + system CPU in the window.</param>
/// <param name="RegistryRequests">Registry requests in the window by method and kind.</param>
/// <param name="ApiRequests">The controller's API requests in the window by method.</param>
/// <param name="ReconcileResults">Reconciles in the window by result (<c>requeue_after</c>, <c>error</c>, …).</param>
/// <param name="MeanReconcileSeconds">Mean wall time of a reconcile in the window.</param>
/// <param name="PeakRssBytes">The controller's VmHWM at the end.</param>
/// <param name="RssBytes">The controller's VmRSS at the end.</param>
internal sealed record SteadyMeasurement(
    double Reconciles,
    TimeSpan Window,
    double CpuSeconds,
    IReadOnlyDictionary<string, int> RegistryRequests,
    IReadOnlyDictionary<string, double> ApiRequests,
    IReadOnlyDictionary<string, double> ReconcileResults,
    double MeanReconcileSeconds,
    long PeakRssBytes,
    long RssBytes);
