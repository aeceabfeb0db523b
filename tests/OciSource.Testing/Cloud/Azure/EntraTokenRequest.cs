namespace OciSource.Testing.Cloud.Azure;

/// <summary>
/// A request the Entra simulator received: <paramref name="Path"/>, and for the token endpoint the tenant, form fields
/// (never the assertion or secret themselves) and the outcome (<paramref name="Status"/>, <c>AADSTS</c>
/// <paramref name="ErrorCode"/>, 0 on success). <paramref name="Host"/> is the name the client asked for.
/// </summary>
public sealed record EntraTokenRequest(
    string Host,
    string Path,
    string? TenantId,
    string? GrantType,
    string? ClientId,
    string? Scope,
    string? ClientAssertionType,
    bool HasClientAssertion,
    bool HasClientSecret,
    int Status,
    int ErrorCode);
