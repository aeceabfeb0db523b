using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OciSource.Testing.Cloud.Gcp;

/// <summary>
/// Simulates Google's Security Token Service <c>POST /v1/token</c> (cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token):
/// a form with <c>grant_type=urn:ietf:params:oauth:grant-type:token-exchange</c>,
/// <c>requested_token_type=urn:ietf:params:oauth:token-type:access_token</c>,
/// <c>subject_token_type=urn:ietf:params:oauth:token-type:jwt</c>, the <c>audience</c> (must equal
/// <see cref="ExpectedAudience"/>), a <c>scope</c> holding cloud-platform (what Go's and our client ask for, also before
/// impersonating), and the <c>subject_token</c>, which must be
/// one given to <see cref="AcceptSubjectToken"/> (the projected ServiceAccount token). Answers a federated access token;
/// errors are OAuth2 JSON (<c>{"error","error_description"}</c>), as STS answers.
/// </summary>
public sealed class GcpStsServer : GoogleSimulator
{
    private const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
    private readonly ConcurrentDictionary<string, byte> _subjectTokens = new(StringComparer.Ordinal);

    /// <summary>The address to configure as the STS token endpoint.</summary>
    public Uri TokenEndpoint => new(Address, "v1/token");

    public string ExpectedAudience { get; set; } = string.Empty;

    public void AcceptSubjectToken(string token) => _subjectTokens[token] = 0;

    /// <summary>
    /// The cluster's OIDC issuer as the workload identity pool trusts it: a subject token it verifies is accepted as
    /// well as those <see cref="AcceptSubjectToken"/> names.
    /// </summary>
    public Func<string, bool>? TrustedIssuer { get; set; }

    public static async Task<GcpStsServer> StartNewAsync(string expectedAudience, CancellationToken cancellationToken)
    {
        var server = new GcpStsServer { ExpectedAudience = expectedAudience };
        await server.StartAsync(cancellationToken);
        return server;
    }

    protected override async Task HandleAsync(HttpContext context, GoogleSimulatorRequest request)
    {
        if (request.Method != "POST" || context.Request.Path != "/v1/token")
        {
            await WriteErrorAsync(context, HttpStatusCode.NotFound, "not found");
            return;
        }

        if (request.Header("Content-Type")?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true)
        {
            await WriteErrorAsync(context, HttpStatusCode.BadRequest, "Invalid content type.");
            return;
        }

        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Body);
        string Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : string.Empty;
        var problem =
            Field("grant_type") != "urn:ietf:params:oauth:grant-type:token-exchange" ? ("unsupported_grant_type", "Invalid value for \"grant_type\".")
            : Field("requested_token_type") != "urn:ietf:params:oauth:token-type:access_token" ? ("invalid_request", "Invalid value for \"requested_token_type\".")
            : Field("subject_token_type") != "urn:ietf:params:oauth:token-type:jwt" ? ("invalid_request", "Invalid value for \"subject_token_type\".")
            : !Field("scope").Split(' ').Contains(CloudPlatformScope) ? ("invalid_scope", "The scope must include cloud-platform.")
            : Field("audience") != ExpectedAudience ? ("invalid_grant", "The audience in ID Token does not match the expected audience.")
            : !_subjectTokens.ContainsKey(Field("subject_token")) && TrustedIssuer?.Invoke(Field("subject_token")) != true ? ("invalid_grant", "ID Token issued by the identity provider is not valid.")
            : default((string Error, string Description)?);
        if (problem is { } p)
        {
            await WriteOAuthErrorAsync(context, HttpStatusCode.BadRequest, p.Error, p.Description);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["access_token"] = IssueToken("ya29.federated-"),
            ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)AnnouncedLifetime.TotalSeconds,
        }));
    }

    protected override Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string message) =>
        WriteOAuthErrorAsync(context, status, status == HttpStatusCode.BadRequest ? "invalid_request" : "server_error", message);

    private static Task WriteOAuthErrorAsync(HttpContext context, HttpStatusCode status, string error, string description)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }));
    }
}
