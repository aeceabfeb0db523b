using OciSource.Testing.Registry;

namespace OciSource.Benchmarks.Scale;

/// <summary>Requests at the registry front, counted by method and kind (<c>HEAD manifest</c>, <c>GET blob</c>, …).</summary>
internal static class RegistryRequestCounts
{
    public static Dictionary<string, int> Count(IEnumerable<FrontRequest> requests, DateTimeOffset since) =>
        requests.Where(r => r.Time >= since)
            .GroupBy(r => $"{r.Method} {KindOf(r.PathAndQuery)}", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static string KindOf(string path) =>
        path.Contains("/manifests/", StringComparison.Ordinal) ? "manifest"
        : path.Contains("/blobs/", StringComparison.Ordinal) ? "blob"
        : path.Contains("/tags/list", StringComparison.Ordinal) ? "tags"
        : path.Contains("/referrers/", StringComparison.Ordinal) ? "referrers"
        : path.TrimEnd('/') == "/v2" ? "ping"
        : "other";
}
