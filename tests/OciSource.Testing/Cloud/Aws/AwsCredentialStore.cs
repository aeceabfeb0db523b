using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OciSource.Testing.Cloud.Aws;

/// <summary>
/// The credentials the simulated AWS account knows: what the STS simulator issued and static keys a test added. Shared
/// by the STS and ECR simulators, as IAM is shared by the real services.
/// </summary>
public sealed class AwsCredentialStore
{
    private readonly ConcurrentDictionary<string, AwsIssuedCredentials> _byAccessKey = new(StringComparer.Ordinal);

    /// <summary>New random credentials (<c>ASIA…</c> with a session token, or <c>AKIA…</c> static keys), remembered.</summary>
    public AwsIssuedCredentials Issue(bool temporary, DateTimeOffset? expiresAt)
    {
        var credentials = new AwsIssuedCredentials(
            (temporary ? "ASIA" : "AKIA") + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
            temporary ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) : null,
            expiresAt);
        _byAccessKey[credentials.AccessKeyId] = credentials;
        return credentials;
    }

    public AwsIssuedCredentials? Find(string accessKeyId) => _byAccessKey.TryGetValue(accessKeyId, out var found) ? found : null;
}
