using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace OciSource.Distribution.Auth;

/// <summary>
/// Credentials for one registry: a username and password, an identity token (an OAuth2 refresh token, Docker's
/// <c>identitytoken</c>) or a registry token (a bearer token used as is, Docker's <c>registrytoken</c>).
/// <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class RegistryCredential
{
    private RegistryCredential(string? username, string? password, string? identityToken, string? registryToken)
    {
        Username = username;
        Password = password;
        IdentityToken = identityToken;
        RegistryToken = registryToken;
        Fingerprint = ComputeFingerprint();
    }

    public string? Username { get; }

    public string? Password { get; }

    public string? IdentityToken { get; }

    public string? RegistryToken { get; }

    /// <summary>A one-way hash of the secrets, to key caches without keeping the secrets in keys or logs.</summary>
    public string Fingerprint { get; }

    public bool HasUsernamePassword => !string.IsNullOrEmpty(Username) || !string.IsNullOrEmpty(Password);

    /// <summary>The <c>Authorization: Basic</c> value of the username and password; null when there are none.</summary>
    public AuthenticationHeaderValue? BasicAuthorization() =>
        HasUsernamePassword ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"))) : null;

    public static RegistryCredential FromUsernamePassword(string username, string password) => new(username, password, null, null);

    /// <summary>Creates a credential from the fields of a Docker config entry; null when every field is empty.</summary>
    public static RegistryCredential? Create(string? username, string? password, string? identityToken, string? registryToken) =>
        string.IsNullOrEmpty(username) && string.IsNullOrEmpty(password) && string.IsNullOrEmpty(identityToken) && string.IsNullOrEmpty(registryToken)
            ? null
            : new RegistryCredential(NullIfEmpty(username), NullIfEmpty(password), NullIfEmpty(identityToken), NullIfEmpty(registryToken));

    public override string ToString() =>
        $"RegistryCredential(username={Username ?? "<none>"}, password={Redacted(Password)}, identityToken={Redacted(IdentityToken)}, registryToken={Redacted(RegistryToken)})";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Redacted(string? secret) => secret is null ? "<none>" : "<redacted>";

    private string ComputeFingerprint()
    {
        var material = string.Join('\0', Username, Password, IdentityToken, RegistryToken);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)).AsSpan(0, 16));
    }
}
