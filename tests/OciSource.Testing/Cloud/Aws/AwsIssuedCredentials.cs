namespace OciSource.Testing.Cloud.Aws;

/// <summary>AWS credentials a simulator issued (or a test made up as static keys); the ECR simulator verifies signatures with them.</summary>
public sealed record AwsIssuedCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"AwsIssuedCredentials({AccessKeyId}, <redacted>)";
}
