namespace OciSource.Distribution.Auth;

/// <summary>One challenge of a <c>WWW-Authenticate</c> header (RFC 7235): a scheme and its parameters.</summary>
public sealed record AuthenticationChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters, string? Token68 = null)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The token endpoint of a Bearer challenge.</summary>
    public string? Realm => Parameter("realm");

    public string? Service => Parameter("service");

    /// <summary>The scope(s) the registry asks for, space separated; null when it does not say.</summary>
    public string? Scope => Parameter("scope");

    /// <summary>A parameter by case-insensitive name.</summary>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
