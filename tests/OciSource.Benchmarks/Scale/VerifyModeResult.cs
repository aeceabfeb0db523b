namespace OciSource.Benchmarks.Scale;

/// <summary>What the <c>verify</c> scenario measured for one mode.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="ReadyMilliseconds">Each measured object's create → seen Ready=True, in milliseconds.</param>
/// <param name="CreateCpuSeconds">The controller's CPU summed over the measured objects' create → Ready windows.</param>
/// <param name="CreateRequests">Registry requests for the measured objects' repositories while they were created, by method and kind.</param>
/// <param name="FirstObjectRequests">The registry requests of the first measured object's create → Ready, in order.</param>
/// <param name="Verified">Measured objects seen with SourceVerified=True.</param>
/// <param name="NoOps">No-op reconciles handled (objects × rounds).</param>
/// <param name="NoOpCpuSeconds">The controller's CPU in each no-op round's window (request → all handled), in round order.</param>
/// <param name="NoOpRequests">Registry requests for this mode's repositories in those windows, by method and kind.</param>
/// <param name="NoOpApiRequests">The controller's API requests in those windows, by method.</param>
internal sealed record VerifyModeResult(
    VerifyMode Mode,
    IReadOnlyList<double> ReadyMilliseconds,
    double CreateCpuSeconds,
    IReadOnlyDictionary<string, int> CreateRequests,
    IReadOnlyList<string> FirstObjectRequests,
    int Verified,
    int NoOps,
    IReadOnlyList<double> NoOpCpuSeconds,
    IReadOnlyDictionary<string, int> NoOpRequests,
    IReadOnlyDictionary<string, double> NoOpApiRequests)
{
    /// <summary>The controller's CPU per no-op reconcile over all rounds, in milliseconds.</summary>
    public double NoOpCpuMilliseconds => NoOpCpuSeconds.Sum() * 1000 / NoOps;
}
