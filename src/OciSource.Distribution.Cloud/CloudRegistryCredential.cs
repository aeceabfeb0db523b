using OciSource.Distribution.Auth;

namespace OciSource.Distribution.Cloud;

/// <summary>A registry username and password a provider issued, valid until <see cref="ExpiresAt"/>.</summary>
public sealed class CloudRegistryCredential(string username, string password, DateTimeOffset expiresAt)
{
    /// <summary><c>AWS</c>, <c>00000000-0000-0000-0000-000000000000</c> (ACR refresh token) or <c>oauth2accesstoken</c>.</summary>
    public string Username { get; } = username;

    /// <summary>Never logged, never in a message.</summary>
    public string Password { get; } = password;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The credential for the registry client.</summary>
    public RegistryCredential ToRegistryCredential() => RegistryCredential.FromUsernamePassword(Username, Password);

    public override string ToString() => $"CloudRegistryCredential(username={Username}, password=<redacted>, expires {ExpiresAt:O})";
}
