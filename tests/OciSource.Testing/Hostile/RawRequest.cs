namespace OciSource.Testing.Hostile;

/// <summary>The head of one HTTP/1.x request as a <see cref="RawHttp"/> server read it.</summary>
/// <param name="Method">The request method, e.g. <c>GET</c> or <c>CONNECT</c>.</param>
/// <param name="Target">The request target as sent: origin form (<c>/v2/</c>), absolute form (through a proxy) or authority form (CONNECT).</param>
/// <param name="Headers">The header fields, names case-insensitive (repeated fields joined by commas).</param>
public sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The path and query of <see cref="Target"/>, whatever its form.</summary>
    public string PathAndQuery =>
        Uri.TryCreate(Target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.PathAndQuery : Target;

    /// <summary>The path of <see cref="Target"/> without the query.</summary>
    public string Path => PathAndQuery.Split('?')[0];

    public bool HasAuthorization => Headers.ContainsKey("Authorization");

    /// <summary>The <c>Authorization</c> header, or null.</summary>
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;

    /// <summary>Method, target and whether it was authorized: never the credential itself (assertion messages show this).</summary>
    public override string ToString() => $"{Method} {Target}{(HasAuthorization ? " (with Authorization)" : string.Empty)}";
}
