using System.Security.Cryptography;
using System.Text.Json;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Reads the controller's credential file as Application Default Credentials do (<c>GOOGLE_APPLICATION_CREDENTIALS</c>):
/// the file's own <c>type</c> picks the credential — <c>service_account</c> (key; outside <c>googleapis.com</c> a
/// self-signed JWT), <c>authorized_user</c>,
/// <c>external_account</c> (file- or URL-sourced subject token, optional impersonation),
/// <c>external_account_authorized_user</c> or <c>impersonated_service_account</c> — and every field it needs is checked
/// here, once, so a bad file fails at load with a message naming the field (never its value).
/// </summary>
internal static class GcpCredentialFile
{
    /// <summary>Google's OAuth 2.0 token endpoint, the default <c>token_uri</c>.</summary>
    public static readonly Uri GoogleTokenUri = new("https://oauth2.googleapis.com/token");

    /// <summary>Google's STS, the default <c>token_url</c> of an external account.</summary>
    public static readonly Uri GoogleStsUri = new("https://sts.googleapis.com/v1/token");

    /// <summary>Google's public cloud; a service account key of any other universe signs its own JWT access tokens.</summary>
    private const string DefaultUniverse = "googleapis.com";

    private const int MaxFileBytes = 256 * 1024;

    /// <summary>
    /// The credential the file describes, as a function of the network path (the object's proxy) that builds its token
    /// source for the wanted <paramref name="scopes"/>.
    /// </summary>
    /// <exception cref="CloudProviderException">The file cannot be read or is not a credential the provider supports.</exception>
    public static async Task<Func<GoogleEndpointClient, IGoogleTokenSource>> LoadAsync(
        string path, IReadOnlyList<string> scopes, TimeProvider time, CancellationToken cancellationToken)
    {
        var prefix = $"failed to load the credential file {path} ({GcpProviderSettings.CredentialsFileVariable})";
        try
        {
            await using var stream = File.OpenRead(path);
            var json = await BoundedReader.ReadAsync(stream, MaxFileBytes, "credential file", cancellationToken).ConfigureAwait(false);
            GcpCredentialFileContent? content;
            try
            {
                content = JsonSerializer.Deserialize(json, GcpJsonContext.Default.GcpCredentialFileContent);
            }
            catch (JsonException)
            {
                // Not kept as the inner exception: its message may quote a character of the file.
                throw new InvalidDataException("not JSON, or a field has the wrong type");
            }

            return Prepare(content ?? throw new InvalidDataException("not a JSON object"), scopes, time, nested: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or Errors.ContentTooLargeException)
        {
            // The messages are ours or the file system's, never the file's content.
            throw new CloudProviderException($"{prefix}: {e.Message}", e);
        }
    }

    private static Func<GoogleEndpointClient, IGoogleTokenSource> Prepare(GcpCredentialFileContent file, IReadOnlyList<string> scopes, TimeProvider time, bool nested) =>
        file.Type switch
        {
            null or "" => throw new InvalidDataException(nested ? "source_credentials has no \"type\"" : "the file has no \"type\""),
            "service_account" => PrepareServiceAccount(file, scopes, time),
            "authorized_user" => PrepareUser(file, Address(file.TokenUri, "token_uri") ?? GoogleTokenUri, basicClientAuthentication: false, time),
            "external_account_authorized_user" => PrepareUser(file, Address(Required(file.TokenUrl, "token_url"), "token_url")!, basicClientAuthentication: true, time),
            "external_account" => PrepareExternalAccount(file, scopes, time),
            "impersonated_service_account" when !nested => PrepareImpersonated(file, scopes, time),
            _ => throw new InvalidDataException($"the credential type '{file.Type}' is not supported{(nested ? " as source_credentials" : string.Empty)}"),
        };

    private static Func<GoogleEndpointClient, IGoogleTokenSource> PrepareServiceAccount(GcpCredentialFileContent file, IReadOnlyList<string> scopes, TimeProvider time)
    {
        var key = new ServiceAccountKey(
            Required(file.ClientEmail, "client_email"), file.PrivateKeyId, Required(file.PrivateKey, "private_key"), Address(file.TokenUri, "token_uri") ?? GoogleTokenUri);
        CheckKey(key);
        if (file.UniverseDomain is { Length: > 0 } universe && universe != DefaultUniverse)
        {
            var selfSigned = new SelfSignedJwtTokenSource(key, scopes, time);
            return _ => selfSigned;
        }

        return client => new ServiceAccountKeyTokenSource(client, key, scopes, time);
    }

    /// <summary>A refresh token grant; the scopes are the ones the user consented to when the refresh token was made.</summary>
    private static Func<GoogleEndpointClient, IGoogleTokenSource> PrepareUser(GcpCredentialFileContent file, Uri tokenUri, bool basicClientAuthentication, TimeProvider time)
    {
        var (id, secret, refresh) = (Required(file.ClientId, "client_id"), Required(file.ClientSecret, "client_secret"), Required(file.RefreshToken, "refresh_token"));
        return client => new RefreshTokenTokenSource(client, tokenUri, id, secret, refresh, basicClientAuthentication, time);
    }

    private static Func<GoogleEndpointClient, IGoogleTokenSource> PrepareImpersonated(GcpCredentialFileContent file, IReadOnlyList<string> scopes, TimeProvider time)
    {
        var address = Address(Required(file.ServiceAccountImpersonationUrl, "service_account_impersonation_url"), "service_account_impersonation_url")!;
        var sourceFile = file.SourceCredentials ?? throw new InvalidDataException("the file has no \"source_credentials\"");
        var source = Prepare(sourceFile, [ExternalAccountTokenSource.CloudPlatformScope], time, nested: true);
        var delegates = file.Delegates ?? [];
        return client => new ImpersonatedServiceAccountTokenSource(client, source(client), address, delegates, scopes);
    }

    private static Func<GoogleEndpointClient, IGoogleTokenSource> PrepareExternalAccount(GcpCredentialFileContent file, IReadOnlyList<string> scopes, TimeProvider time)
    {
        var source = file.CredentialSource ?? throw new InvalidDataException("the file has no \"credential_source\"");
        var impersonationUrl = Address(file.ServiceAccountImpersonationUrl, "service_account_impersonation_url");
        var lifetime = file.ServiceAccountImpersonation?.TokenLifetimeSeconds is { } seconds
            ? seconds is >= 600 and <= 43200 ? TimeSpan.FromSeconds(seconds) : throw new InvalidDataException("service_account_impersonation.token_lifetime_seconds must be between 600 and 43200")
            : IamCredentialsImpersonation.DefaultLifetime;
        var settings = new ExternalAccountSettings(
            Address(file.TokenUrl, "token_url") ?? GoogleStsUri, Required(file.Audience, "audience"), Required(file.SubjectTokenType, "subject_token_type"), scopes)
        {
            ClientId = file.ClientId,
            ClientSecret = file.ClientSecret,
            Impersonation = impersonationUrl is null ? null : new ServiceAccountImpersonation(impersonationUrl, lifetime),
        };
        var format = SubjectTokenFormat.From(source.Format);
        if (source.EnvironmentId is { Length: > 0 })
        {
            throw new InvalidDataException("credential_source.environment_id (an AWS-sourced subject token) is not supported; use a file or url credential_source");
        }

        if (source.Executable is not null)
        {
            throw new InvalidDataException("credential_source.executable is not supported; use a file or url credential_source");
        }

        if (source.File is { Length: > 0 } path)
        {
            var subject = new FileSubjectToken(path, format);
            return client => new ExternalAccountTokenSource(client, subject, settings, time);
        }

        if (Address(source.Url, "credential_source.url") is { } url)
        {
            var headers = source.Headers ?? [];
            return client => new ExternalAccountTokenSource(client, new UrlSubjectToken(client, url, headers, format), settings, time);
        }

        throw new InvalidDataException("credential_source names neither a file nor a url");
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw new InvalidDataException($"the file has no \"{field}\"") : value;

    private static Uri? Address(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var address) && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp)
            ? address
            : throw new InvalidDataException($"\"{field}\" is not an http(s) address");
    }

    private static void CheckKey(ServiceAccountKey key)
    {
        try
        {
            using var rsa = key.CreateRsa();
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            // The runtime's messages name the problem ("No supported key formats were found"), never the key.
            throw new InvalidDataException($"\"private_key\" is not an RSA private key in PEM: {e.Message}");
        }
    }
}
