namespace OciSource.Benchmarks;

/// <summary>
/// One wrk run: what its <c>done</c> hook reported, and the CPU time the server and wrk itself used meanwhile.
/// </summary>
/// <param name="Errors">connect + read + write + timeout errors and non-2xx/3xx answers.</param>
internal sealed record WrkResult(
    long Requests, long Bytes, TimeSpan Duration, long Errors, TimeSpan LatencyP50, TimeSpan LatencyP99, TimeSpan ServerCpu, TimeSpan WrkCpu)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public double BytesPerSecond => Bytes / Duration.TotalSeconds;
}
