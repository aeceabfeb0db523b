namespace OciSource.Benchmarks.Scale;

/// <summary>What one <see cref="ScaleRun"/> measured, from the first create to the last object seen Ready=True.</summary>
/// <param name="Objects">Objects created.</param>
/// <param name="Namespaces">Namespaces they were spread over.</param>
/// <param name="Creation">Time the parallel creates took.</param>
/// <param name="AllReady">First create → the API server stored the last object's final (Ready=True) status (whole seconds, rounded up).</param>
/// <param name="SeenAllReady">First create → the benchmark's watch saw the last object Ready=True (later when the watch lags).</param>
/// <param name="ReadyAfterCreation">Last create answered → last object Ready=True.</param>
/// <param name="ReadyPercentiles">Time from the first create at which 50 %, 90 % and 99 % of the objects were Ready.</param>
/// <param name="Reconciles">Reconciles the controller completed (every result).</param>
/// <param name="IdleRssBytes">The controller's VmRSS once it led, with its workers started, before the creates.</param>
/// <param name="PeakRssBytes">The controller's VmHWM at the end (peak since its start).</param>
/// <param name="RssBytes">The controller's VmRSS at the end.</param>
/// <param name="ControllerCpuSeconds">The controller's user + system CPU over the run.</param>
/// <param name="CpuSecondsByProcess">The other processes' CPU over the run.</param>
/// <param name="ControllerApiRequests">The controller's own API requests by method (its <c>rest_client_requests_total</c>).</param>
/// <param name="ApiServerRequests">The API server's <c>apiserver_request_total</c> delta by verb (benchmark's creates and watch included).</param>
/// <param name="RateLimiterWaitSeconds">Seconds the controller's requests waited for <c>--kube-api-qps</c> (summed over requests).</param>
/// <param name="RegistryRequests">Requests at the registry front by method and kind (manifest, blob, tags, ping).</param>
/// <param name="LoadAverage">The one-minute load average at the start (other work on the machine).</param>
internal sealed record ScaleMeasurement(
    int Objects,
    int Namespaces,
    TimeSpan Creation,
    TimeSpan AllReady,
    TimeSpan SeenAllReady,
    TimeSpan ReadyAfterCreation,
    IReadOnlyList<TimeSpan> ReadyPercentiles,
    double Reconciles,
    long IdleRssBytes,
    long PeakRssBytes,
    long RssBytes,
    double ControllerCpuSeconds,
    IReadOnlyDictionary<string, double> CpuSecondsByProcess,
    IReadOnlyDictionary<string, double> ControllerApiRequests,
    IReadOnlyDictionary<string, double> ApiServerRequests,
    double RateLimiterWaitSeconds,
    IReadOnlyDictionary<string, int> RegistryRequests,
    string LoadAverage)
{
    public double ControllerApiRequestTotal => ControllerApiRequests.Values.Sum();

    public int RegistryRequestTotal => RegistryRequests.Values.Sum();

    public double ReconcilesPerSecond => Reconciles / AllReady.TotalSeconds;
}
