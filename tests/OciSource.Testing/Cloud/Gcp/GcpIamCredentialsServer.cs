using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OciSource.Testing.Cloud.Gcp;

/// <summary>
/// Simulates the IAM Service Account Credentials API
/// <c>POST /v1/projects/-/serviceAccounts/{email}:generateAccessToken</c>
/// (cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken): the bearer
/// must be a token <see cref="IsAcceptedBearer"/> accepts (one the STS simulator issued), the service account one given
/// to <see cref="Allow"/>, the JSON body must name a <c>scope</c>. Answers <c>{"accessToken","expireTime"}</c>; errors in
/// Google's JSON error format (<c>{"error":{"code","message","status"}}</c>).
/// </summary>
public sealed class GcpIamCredentialsServer(Func<string, bool> isAcceptedBearer) : GoogleSimulator
{
    private const string PathPrefix = "/v1/projects/-/serviceAccounts/";
    private const string Method = ":generateAccessToken";
    private readonly ConcurrentDictionary<string, byte> _allowed = new(StringComparer.Ordinal);

    public Func<string, bool> IsAcceptedBearer { get; } = isAcceptedBearer;

    /// <summary>Lets the bearer impersonate <paramref name="serviceAccountEmail"/> (roles/iam.workloadIdentityUser).</summary>
    public void Allow(string serviceAccountEmail) => _allowed[serviceAccountEmail] = 0;

    public static async Task<GcpIamCredentialsServer> StartNewAsync(Func<string, bool> isAcceptedBearer, CancellationToken cancellationToken)
    {
        var server = new GcpIamCredentialsServer(isAcceptedBearer);
        await server.StartAsync(cancellationToken);
        return server;
    }

    protected override async Task HandleAsync(HttpContext context, GoogleSimulatorRequest request)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (request.Method != "POST" || !path.StartsWith(PathPrefix, StringComparison.Ordinal) || !path.EndsWith(Method, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, HttpStatusCode.NotFound, "Method not found.");
            return;
        }

        var authorization = request.Header("Authorization") ?? string.Empty;
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !IsAcceptedBearer(authorization["Bearer ".Length..]))
        {
            await WriteErrorAsync(context, HttpStatusCode.Unauthorized, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            return;
        }

        var email = Uri.UnescapeDataString(path[PathPrefix.Length..^Method.Length]);
        if (!_allowed.ContainsKey(email))
        {
            await WriteErrorAsync(context, HttpStatusCode.Forbidden, "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).");
            return;
        }

        if (!HasScope(request.Body))
        {
            await WriteErrorAsync(context, HttpStatusCode.BadRequest, "Scope required.");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["accessToken"] = IssueToken("ya29.impersonated-"),
            ["expireTime"] = DateTimeOffset.UtcNow.Add(AnnouncedLifetime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        }));
    }

    protected override Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        var error = new Dictionary<string, object>
        {
            ["code"] = (int)status,
            ["message"] = message,
            ["status"] = status switch
            {
                HttpStatusCode.BadRequest => "INVALID_ARGUMENT",
                HttpStatusCode.Unauthorized => "UNAUTHENTICATED",
                HttpStatusCode.Forbidden => "PERMISSION_DENIED",
                HttpStatusCode.NotFound => "NOT_FOUND",
                _ => "INTERNAL",
            },
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object> { ["error"] = error }));
    }

    private static bool HasScope(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("scope", out var scope)
                   && scope.ValueKind == JsonValueKind.Array && scope.GetArrayLength() > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
