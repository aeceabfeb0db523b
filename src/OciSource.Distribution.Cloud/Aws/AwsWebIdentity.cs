namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// The controller's own IRSA identity as EKS injects it: the projected ServiceAccount token file and the role to assume
/// (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c>, <c>AWS_ROLE_ARN</c>, optional <c>AWS_ROLE_SESSION_NAME</c>).
/// </summary>
public sealed record AwsWebIdentity(string TokenFile, string RoleArn, string? RoleSessionName);
