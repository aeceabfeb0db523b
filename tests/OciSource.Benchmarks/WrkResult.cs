namespace OciSource.Benchmarks;

/// <summary>
/// One wrk run: what its <c>done</c> hook reported, and the CPU time the server, wrk itself and everything else on
/// the machine used meanwhile.
/// </summary>
/// <param name="Errors">connect + read + write + timeout errors and non-2xx/3xx answers.</param>
/// <param name="OtherCpu">CPU time of the whole machine less the server's and wrk's: other processes' interference.</param>
internal sealed record WrkResult(
    long Requests, long Bytes, TimeSpan Duration, long Errors, TimeSpan LatencyP50, TimeSpan LatencyP99, TimeSpan ServerCpu, TimeSpan WrkCpu, TimeSpan OtherCpu)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public double BytesPerSecond => Bytes / Duration.TotalSeconds;
}
