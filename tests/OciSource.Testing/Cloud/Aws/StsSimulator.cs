using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Cloud.Aws;

/// <summary>
/// AWS STS on 127.0.0.1 (plain HTTP), from the STS API reference: the Query protocol (<c>POST /</c>, form
/// <c>Action=AssumeRoleWithWebIdentity&amp;Version=2011-06-15&amp;RoleArn=…&amp;RoleSessionName=…&amp;WebIdentityToken=…</c>),
/// XML answers. It checks that the web identity token is the one the test expects (<see cref="ExpectToken"/>), that its
/// <c>aud</c> is <see cref="ExpectedAudience"/> and its <c>exp</c> in the future, and that the role is
/// <see cref="ExpectedRoleArn"/>; it then issues temporary credentials into <see cref="Credentials"/> (which the ECR
/// simulator trusts). Errors in STS's format: <c>InvalidIdentityToken</c>, <c>ExpiredTokenException</c>,
/// <c>AccessDenied</c>. Every request is recorded.
/// </summary>
public sealed class StsSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<StsRequest> _requests = [];
    private readonly List<AwsIssuedCredentials> _issued = [];
    private string? _expectedToken;

    private StsSimulator(WebApplication app, AwsCredentialStore credentials)
    {
        _app = app;
        Credentials = credentials;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public AwsCredentialStore Credentials { get; }

    public string ExpectedRoleArn { get; set; } = "arn:aws:iam::123456789012:role/ocisource-pull";

    public string ExpectedAudience { get; set; } = "sts.amazonaws.com";

    /// <summary>How long the issued credentials last (the answer's <c>Expiration</c>).</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    public StsFailure Failure { get; set; }

    /// <summary>The credentials issued so far, oldest first.</summary>
    public IReadOnlyList<AwsIssuedCredentials> Issued
    {
        get
        {
            lock (_gate)
            {
                return [.. _issued];
            }
        }
    }

    public IReadOnlyList<StsRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// The cluster's OIDC issuer as STS trusts it (an IAM OIDC identity provider): a web identity token it verifies
    /// (signature, audience, expiry) is accepted as well as the one <see cref="ExpectToken"/> names.
    /// </summary>
    public Func<string, bool>? TrustedIssuer { get; set; }

    /// <summary>The web identity token every AssumeRoleWithWebIdentity must carry.</summary>
    public void ExpectToken(string token) => _expectedToken = token;

    public static async Task<StsSimulator> StartAsync(AwsCredentialStore credentials, CancellationToken cancellationToken)
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var simulator = new StsSimulator(app, credentials);
        app.MapPost("/", simulator.HandleAsync);
        simulator.Address = await LoopbackWebApp.StartAsync(app, cancellationToken);
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>A JWT shaped like a projected ServiceAccount token (unsigned: STS here checks only what the test set).</summary>
    public static string CreateServiceAccountToken(string audience, DateTimeOffset expiresAt, string subject = "system:serviceaccount:apps/puller")
    {
        static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var payload = JsonSerializer.Serialize(new Dictionary<string, object> { ["aud"] = new[] { audience }, ["exp"] = expiresAt.ToUnixTimeSeconds(), ["sub"] = subject, ["iss"] = "https://kubernetes.default.svc" });
        return $"{Encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")}.{Encode(payload)}.{Encode(Guid.NewGuid().ToString())}";
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var action = form?["Action"].ToString();
        var roleArn = form?["RoleArn"].ToString();
        var sessionName = form?["RoleSessionName"].ToString();
        var token = form?["WebIdentityToken"].ToString() ?? string.Empty;
        var tokenMatched = (_expectedToken is not null && token == _expectedToken) || (token.Length > 0 && TrustedIssuer?.Invoke(token) == true);

        var (status, code, message) = Check(action, form?["Version"].ToString(), roleArn, sessionName, token, tokenMatched);
        lock (_gate)
        {
            _requests.Add(new StsRequest(context.Request.Host.Value ?? string.Empty, action, roleArn, sessionName, tokenMatched, code));
        }

        context.Response.ContentType = "text/xml";
        if (code is not null)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(ErrorXml(status >= 500 ? "Receiver" : "Sender", code, message), context.RequestAborted);
            return;
        }

        var expiresAt = DateTimeOffset.UtcNow.Add(CredentialLifetime);
        var issued = Credentials.Issue(temporary: true, expiresAt);
        lock (_gate)
        {
            _issued.Add(issued);
        }

        await context.Response.WriteAsync(SuccessXml(issued, roleArn!, sessionName!, expiresAt), context.RequestAborted);
    }

    private (int Status, string? Code, string Message) Check(string? action, string? version, string? roleArn, string? sessionName, string token, bool tokenMatched)
    {
        if (Failure == StsFailure.InternalFailure)
        {
            return (500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
        }

        if (action != "AssumeRoleWithWebIdentity" || version != "2011-06-15")
        {
            return (400, "InvalidAction", "Could not find operation " + action + " for version " + version);
        }

        if (string.IsNullOrEmpty(roleArn) || string.IsNullOrEmpty(sessionName) || token.Length == 0)
        {
            return (400, "MissingParameter", "RoleArn, RoleSessionName and WebIdentityToken are required");
        }

        if (Failure == StsFailure.InvalidIdentityToken || !tokenMatched)
        {
            return (400, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements");
        }

        var claims = ReadClaims(token);
        if (claims is null || !claims.Value.Audiences.Contains(ExpectedAudience))
        {
            return (400, "InvalidIdentityToken", "Incorrect token audience");
        }

        if (Failure == StsFailure.ExpiredToken || claims.Value.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return (400, "ExpiredTokenException", "Token expired: current date/time " + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + " must be before the expiration date/time " + claims.Value.ExpiresAt.ToUnixTimeSeconds());
        }

        if (roleArn != ExpectedRoleArn)
        {
            return (403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }

        return (200, null, string.Empty);
    }

    private static (string[] Audiences, DateTimeOffset ExpiresAt)? ReadClaims(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Convert.FromBase64String(payload));
            var aud = document.RootElement.GetProperty("aud");
            string[] audiences = aud.ValueKind == JsonValueKind.Array ? [.. aud.EnumerateArray().Select(a => a.GetString() ?? string.Empty)] : [aud.GetString() ?? string.Empty];
            return (audiences, DateTimeOffset.FromUnixTimeSeconds(document.RootElement.GetProperty("exp").GetInt64()));
        }
        catch (Exception exception) when (exception is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string SuccessXml(AwsIssuedCredentials issued, string roleArn, string sessionName, DateTimeOffset expiresAt)
    {
        var role = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        return $"""
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>system:serviceaccount:apps/puller</SubjectFromWebIdentityToken>
                <Audience>sts.amazonaws.com</Audience>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::123456789012:assumed-role/{SecurityElement.Escape(role)}/{SecurityElement.Escape(sessionName)}</Arn>
                  <AssumedRoleId>AROA3XFRBF535PLBIFPI4:{SecurityElement.Escape(sessionName)}</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <SessionToken>{issued.SessionToken}</SessionToken>
                  <SecretAccessKey>{issued.SecretAccessKey}</SecretAccessKey>
                  <Expiration>{expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}</Expiration>
                  <AccessKeyId>{issued.AccessKeyId}</AccessKeyId>
                </Credentials>
                <Provider>arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/TEST</Provider>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata>
                <RequestId>{Guid.NewGuid()}</RequestId>
              </ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """;
    }

    private static string ErrorXml(string type, string code, string message) => $"""
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error>
            <Type>{type}</Type>
            <Code>{code}</Code>
            <Message>{SecurityElement.Escape(message)}</Message>
          </Error>
          <RequestId>{Guid.NewGuid()}</RequestId>
        </ErrorResponse>
        """;
}
