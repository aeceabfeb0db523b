namespace OciSource.Testing.Cloud.Gcp;

/// <summary>One request a Google endpoint simulator received: method, path with query, headers (lower-case names) and body.</summary>
public sealed record GoogleSimulatorRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
