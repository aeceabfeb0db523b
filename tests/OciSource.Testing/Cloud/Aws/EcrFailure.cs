namespace OciSource.Testing.Cloud.Aws;

/// <summary>What the ECR simulator answers instead of a token, in AWS's JSON error format.</summary>
public enum EcrFailure
{
    /// <summary>Checks pass: a token.</summary>
    None,

    /// <summary>400 <c>AccessDeniedException</c> (the identity may not call ecr:GetAuthorizationToken).</summary>
    AccessDenied,

    /// <summary>500 <c>ServerException</c>.</summary>
    ServerException,
}
