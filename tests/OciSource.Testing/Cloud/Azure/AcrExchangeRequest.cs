namespace OciSource.Testing.Cloud.Azure;

/// <summary>A request the ACR exchange simulator received: the host asked for, form fields (not the token) and the answer's status.</summary>
public sealed record AcrExchangeRequest(string Host, string Path, string? ApiVersion, string? GrantType, string? Service, bool HasAccessToken, int Status);
