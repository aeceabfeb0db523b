namespace OciSource.Benchmarks;

/// <summary>
/// One file size of the serve scenario and how wrk loads it: the same threads, connections and duration for both
/// servers. <paramref name="ByThroughput"/> compares bytes per second, otherwise requests per second, against
/// <paramref name="Target"/> (the artifact server's figure as a fraction of nginx's).
/// </summary>
internal sealed record ServeCase(string Name, int Size, int Threads, int Connections, int Seconds, bool ByThroughput, double Target)
{
    /// <summary>The figure compared: bytes or requests per second.</summary>
    public double Figure(WrkResult result) => ByThroughput ? result.BytesPerSecond : result.RequestsPerSecond;
}
