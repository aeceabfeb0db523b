namespace OciSource.Testing.Registry;

/// <summary>
/// One request a <see cref="TamperingFront"/> answered, recorded when its status was decided (before the client can
/// see the answer).
/// </summary>
/// <param name="Time">When the status was decided.</param>
/// <param name="AtRedirectTarget">True when the request reached the redirect target host, not the front.</param>
/// <param name="Method">The request method.</param>
/// <param name="PathAndQuery">The path and query as received.</param>
/// <param name="Range">The <c>Range</c> header as received; null when absent.</param>
/// <param name="HasAuthorization">Whether the request carried an <c>Authorization</c> header.</param>
/// <param name="Status">The status sent to the client (for a forwarded request, the registry's, possibly overridden by a fault).</param>
/// <param name="Fault">The fault applied to this request; null when it passed through.</param>
/// <param name="Headers">Every request header as received (values joined by commas), <c>Authorization</c> reduced to its scheme.</param>
public sealed record FrontRequest(
    DateTimeOffset Time,
    bool AtRedirectTarget,
    string Method,
    string PathAndQuery,
    string? Range,
    bool HasAuthorization,
    int Status,
    FaultKind? Fault,
    IReadOnlyDictionary<string, string> Headers);
