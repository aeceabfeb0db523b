using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OciSource.Testing.Cloud.Gcp;

/// <summary>
/// Simulates Google's OAuth 2.0 token endpoint (<c>POST https://oauth2.googleapis.com/token</c>) for the two grants a
/// credential file uses: the JWT bearer grant of a service account key
/// (developers.google.com/identity/protocols/oauth2/service-account: <c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer</c>,
/// <c>assertion</c> an RS256 JWT whose signature is verified with the public key of a key made by
/// <see cref="CreateServiceAccountKey"/>, claims <c>iss</c> the service account, <c>aud</c> the key's <c>token_uri</c>,
/// <c>scope</c> holding cloud-platform, <c>iat</c>/<c>exp</c> at most an hour apart around <see cref="Now"/>), and the
/// refresh token grant of an <c>authorized_user</c> or <c>external_account_authorized_user</c> (<see cref="AddUser"/>;
/// the client in the form or as HTTP Basic authentication). Errors are OAuth2 JSON
/// (<c>{"error","error_description"}</c>) with Google's texts.
/// </summary>
public sealed class GoogleOAuthServer : GoogleSimulator
{
    private readonly ConcurrentDictionary<string, (string Email, string TokenUri, byte[] PublicKey)> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Secret, string RefreshToken)> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _verifiedAssertions = new();

    /// <summary>The address to use as <c>token_uri</c> when no proxy routes Google's own host here.</summary>
    public Uri TokenEndpoint => new(Address, "token");

    /// <summary>The time the assertion's <c>iat</c>/<c>exp</c> are checked against (a test's fake time, or the wall clock).</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Every assertion whose signature and claims were accepted, in order.</summary>
    public IReadOnlyList<string> VerifiedAssertions => [.. _verifiedAssertions];

    public static async Task<GoogleOAuthServer> StartNewAsync(CancellationToken cancellationToken)
    {
        var server = new GoogleOAuthServer();
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>
    /// A new service account key (RSA 2048) as Google's console downloads it (<c>type: service_account</c>), whose public
    /// key this server trusts for <paramref name="email"/>; <paramref name="tokenUri"/> is the file's <c>token_uri</c>
    /// (this server's <see cref="TokenEndpoint"/> unless a proxy routes Google's host here).
    /// </summary>
    public string CreateServiceAccountKey(string email, Uri? tokenUri = null)
    {
        using var rsa = RSA.Create(2048);
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var uri = (tokenUri ?? TokenEndpoint).AbsoluteUri;
        _keys[keyId] = (email, uri, rsa.ExportSubjectPublicKeyInfo());
        return ServiceAccountKeyJson(email, keyId, rsa.ExportPkcs8PrivateKeyPem(), uri);
    }

    /// <summary>A key file of the same shape signed by a key this server does not trust (same key id as <paramref name="trustedKeyFile"/>).</summary>
    public static string ForgeServiceAccountKey(string trustedKeyFile)
    {
        using var document = JsonDocument.Parse(trustedKeyFile);
        var root = document.RootElement;
        using var rsa = RSA.Create(2048);
        return ServiceAccountKeyJson(
            root.GetProperty("client_email").GetString()!, root.GetProperty("private_key_id").GetString()!, rsa.ExportPkcs8PrivateKeyPem(), root.GetProperty("token_uri").GetString()!);
    }

    /// <summary>Accepts the refresh token grant for this OAuth client and refresh token.</summary>
    public void AddUser(string clientId, string clientSecret, string refreshToken) => _users[clientId] = (clientSecret, refreshToken);

    protected override async Task HandleAsync(HttpContext context, GoogleSimulatorRequest request)
    {
        if (request.Method != "POST" || context.Request.Path != "/token")
        {
            await WriteErrorAsync(context, HttpStatusCode.NotFound, "Not Found");
            return;
        }

        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Body);
        string Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : string.Empty;
        var (clientId, clientSecret) = ClientOf(request, Field("client_id"), Field("client_secret"));
        var problem = Field("grant_type") switch
        {
            "urn:ietf:params:oauth:grant-type:jwt-bearer" => CheckAssertion(Field("assertion")),
            "refresh_token" => _users.TryGetValue(clientId, out var user) && user.Secret == clientSecret
                ? user.RefreshToken == Field("refresh_token") ? null : ("invalid_grant", "Bad Request")
                : ("invalid_client", "The OAuth client was not found."),
            _ => ("unsupported_grant_type", "Invalid grant_type: " + Field("grant_type")),
        };
        if (problem is { } p)
        {
            await WriteOAuthErrorAsync(context, HttpStatusCode.BadRequest, p.Error, p.Description);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["access_token"] = IssueToken("ya29.oauth-"),
            ["expires_in"] = (long)AnnouncedLifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        }));
    }

    protected override Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string message) =>
        WriteOAuthErrorAsync(context, status, status == HttpStatusCode.BadRequest ? "invalid_request" : "internal_failure", message);

    /// <summary>The OAuth client: HTTP Basic authentication (RFC 6749 §2.3.1) when sent, else the form's fields.</summary>
    private static (string Id, string Secret) ClientOf(GoogleSimulatorRequest request, string formId, string formSecret)
    {
        var authorization = request.Header("Authorization") ?? string.Empty;
        if (!authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return (formId, formSecret);
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..]));
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (pair, string.Empty) : (pair[..colon], pair[(colon + 1)..]);
    }

    private static string ServiceAccountKeyJson(string email, string keyId, string privateKeyPem, string tokenUri) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "oci-source-project",
            ["private_key_id"] = keyId,
            ["private_key"] = privateKeyPem,
            ["client_email"] = email,
            ["client_id"] = "100000000000000000001",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = tokenUri,
        });

    private static Task WriteOAuthErrorAsync(HttpContext context, HttpStatusCode status, string error, string description)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }));
    }

    /// <summary>Google's checks of a JWT bearer assertion; null when it is accepted.</summary>
    private (string Error, string Description)? CheckAssertion(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return ("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.");
        }

        JsonElement header, claims;
        try
        {
            header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement.Clone();
            claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return ("invalid_grant", "Invalid JWT.");
        }

        if (String(header, "alg") != "RS256" || String(header, "kid") is not { } kid || !_keys.TryGetValue(kid, out var key))
        {
            return ("invalid_grant", "Invalid grant: account not found");
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        using var publicKey = RSA.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.PublicKey, out _);
        if (!publicKey.VerifyData(signed, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return ("invalid_grant", "Invalid JWT Signature.");
        }

        var now = Now().ToUnixTimeSeconds();
        var (iat, exp) = (Number(claims, "iat"), Number(claims, "exp"));
        if (String(claims, "iss") != key.Email || String(claims, "aud") != key.TokenUri)
        {
            return ("invalid_grant", "Invalid JWT: Failed audience check.");
        }

        if (iat is null || exp is null || exp - iat > 3600 || iat > now + 60 || exp <= now)
        {
            return ("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
        }

        if (String(claims, "scope")?.Split(' ').Contains("https://www.googleapis.com/auth/cloud-platform") != true)
        {
            return ("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }

        _verifiedAssertions.Enqueue(assertion);
        return null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
