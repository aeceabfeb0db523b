namespace OciSource.Testing.Cloud.Aws;

/// <summary>One request the STS simulator answered: what it asked (never the token itself) and the error code sent, if any.</summary>
public sealed record StsRequest(string Host, string? Action, string? RoleArn, string? RoleSessionName, bool TokenMatched, string? ErrorCode);
