using Amazon.Runtime;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// AWS credentials (access key, secret key, session token) as the AWS provider's access token. Static keys have no
/// expiry: <see cref="CloudAccessToken.ExpiresAt"/> is then <see cref="DateTimeOffset.MaxValue"/>. Never shows a secret.
/// </summary>
public sealed class AwsCredentialsToken : CloudAccessToken
{
    internal AwsCredentialsToken(ImmutableCredentials credentials, DateTimeOffset expiresAt)
        : base(expiresAt) => Credentials = credentials;

    /// <summary>The credentials to sign with.</summary>
    internal ImmutableCredentials Credentials { get; }
}
