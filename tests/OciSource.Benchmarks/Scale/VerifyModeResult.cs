namespace OciSource.Benchmarks.Scale;

/// <summary>What the <c>verify</c> scenario measured for one mode.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="ReadyMilliseconds">Each measured object's create → seen Ready=True, in milliseconds.</param>
/// <param name="CreateCpuSeconds">The controller's CPU summed over the measured objects' create → Ready windows.</param>
/// <param name="CreateRequests">Registry requests for the measured objects' repositories while they were created, by method and kind.</param>
/// <param name="Verified">Measured objects seen with SourceVerified=True.</param>
/// <param name="NoOps">No-op reconciles handled (objects × rounds).</param>
/// <param name="NoOpCpuSeconds">The controller's CPU summed over the no-op rounds' windows (request → all handled).</param>
/// <param name="NoOpRequests">Registry requests for this mode's repositories in those windows, by method and kind.</param>
internal sealed record VerifyModeResult(
    VerifyMode Mode,
    IReadOnlyList<double> ReadyMilliseconds,
    double CreateCpuSeconds,
    IReadOnlyDictionary<string, int> CreateRequests,
    int Verified,
    int NoOps,
    double NoOpCpuSeconds,
    IReadOnlyDictionary<string, int> NoOpRequests);
