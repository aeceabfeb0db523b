namespace OciSource.Testing.Registry;

/// <summary>One request the <see cref="TokenServer"/> answered, recorded before its answer was sent.</summary>
/// <param name="Time">When the request arrived.</param>
/// <param name="Method"><c>GET</c> (Docker token protocol) or <c>POST</c> (OAuth2 form).</param>
/// <param name="GrantType"><c>password</c> or <c>refresh_token</c> for a POST; null for a GET.</param>
/// <param name="Service">The <c>service</c> parameter as sent; null when absent.</param>
/// <param name="Scopes">The requested scopes, one per element, as sent.</param>
/// <param name="Subject">The authenticated user; null for an anonymous request or failed authentication.</param>
/// <param name="ClientId">The <c>client_id</c> parameter; null when absent.</param>
/// <param name="Status">The HTTP status of the answer (200, or 400/401 for a refused request).</param>
public sealed record TokenRequest(
    DateTimeOffset Time,
    string Method,
    string? GrantType,
    string? Service,
    IReadOnlyList<string> Scopes,
    string? Subject,
    string? ClientId,
    int Status)
{
    public bool IsAnonymous => Subject is null;
}
