namespace OciSource.Testing.Cloud.Aws;

/// <summary>One GetAuthorizationToken the ECR simulator answered: the host, target and signing scope asked, and the error code sent, if any.</summary>
public sealed record EcrRequest(string Host, string Target, string? AccessKeyId, string? Region, string? Service, string? ErrorCode);
