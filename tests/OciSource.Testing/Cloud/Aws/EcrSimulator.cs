using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Cloud.Aws;

/// <summary>
/// Amazon ECR's (or ECR Public's) <c>GetAuthorizationToken</c> on 127.0.0.1 (plain HTTP), from the ECR API reference:
/// JSON 1.1 protocol (<c>POST /</c>, <c>Content-Type: application/x-amz-json-1.1</c>, <c>X-Amz-Target:
/// AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken</c> or <c>SpencerFrontendService.GetAuthorizationToken</c>).
/// The SigV4 signature is recomputed with the secret of <see cref="AwsCredentialStore"/> (what the STS simulator issued
/// or the test's static keys) and must match; scope region and service must be the API's; a session token must be the
/// issued one and not expired. Errors as AWS sends them (<c>{"__type": …, "message": …}</c>):
/// <c>UnrecognizedClientException</c>, <c>InvalidSignatureException</c>, <c>ExpiredTokenException</c>,
/// <c>AccessDeniedException</c>. A token is base64 <c>AWS:&lt;password&gt;</c>; every password issued is passed to
/// <see cref="Issued"/> (e.g. <c>TokenServer.Accept</c>), so the registry takes exactly what this simulator issued.
/// </summary>
public sealed class EcrSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<EcrRequest> _requests = [];

    private EcrSimulator(WebApplication app, AwsCredentialStore credentials, bool isPublic, string region)
    {
        _app = app;
        Credentials = credentials;
        IsPublic = isPublic;
        Region = region;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public AwsCredentialStore Credentials { get; }

    /// <summary>ECR Public (<c>ecr-public</c>, us-east-1) rather than ECR.</summary>
    public bool IsPublic { get; }

    /// <summary>The region the signature's scope must name.</summary>
    public string Region { get; }

    public EcrFailure Failure { get; set; }

    /// <summary>The answer's <c>expiresAt</c>: now plus this (ECR: 12 hours).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Called with <c>AWS</c> and each password issued, before the answer is sent.</summary>
    public Action<NetworkCredential>? Issued { get; set; }

    public IReadOnlyList<EcrRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    private string Service => IsPublic ? "ecr-public" : "ecr";

    private string Target => IsPublic ? "SpencerFrontendService.GetAuthorizationToken" : "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";

    public static async Task<EcrSimulator> StartAsync(AwsCredentialStore credentials, string region, bool isPublic, CancellationToken cancellationToken)
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var simulator = new EcrSimulator(app, credentials, isPublic, isPublic ? "us-east-1" : region);
        app.MapPost("/", simulator.HandleAsync);
        simulator.Address = await LoopbackWebApp.StartAsync(app, cancellationToken);
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var scope = SigV4Verifier.ParseScope(context.Request.Headers.Authorization.ToString());
        var (status, code, message) = Check(context.Request, body, target, scope);
        lock (_gate)
        {
            _requests.Add(new EcrRequest(context.Request.Host.Value ?? string.Empty, target, scope?.AccessKeyId, scope?.Region, scope?.Service, code));
        }

        context.Response.ContentType = "application/x-amz-json-1.1";
        if (code is not null)
        {
            context.Response.StatusCode = status;
            context.Response.Headers["x-amzn-ErrorType"] = code + ":";
            await context.Response.WriteAsync(new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString(), context.RequestAborted);
            return;
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        Issued?.Invoke(new NetworkCredential("AWS", password));
        var data = new JsonObject
        {
            ["authorizationToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + password)),
            ["expiresAt"] = DateTimeOffset.UtcNow.Add(TokenLifetime).ToUnixTimeMilliseconds() / 1000.0,
        };
        if (!IsPublic)
        {
            data["proxyEndpoint"] = "https://123456789012.dkr.ecr." + Region + ".amazonaws.com";
        }

        JsonNode answer = IsPublic ? data : new JsonArray(data);
        await context.Response.WriteAsync(new JsonObject { ["authorizationData"] = answer }.ToJsonString(), context.RequestAborted);
    }

    private (int Status, string? Code, string Message) Check(HttpRequest request, byte[] body, string target, SigV4Verifier.Scope? scope)
    {
        if (target != Target || request.ContentType != "application/x-amz-json-1.1")
        {
            return (400, "UnknownOperationException", "Unknown operation " + target);
        }

        if (scope is null)
        {
            return (400, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var known = Credentials.Find(scope.AccessKeyId);
        if (known is null || request.Headers["X-Amz-Security-Token"].ToString() != (known.SessionToken ?? string.Empty))
        {
            return (400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (scope.Service != Service || scope.Region != Region)
        {
            return (400, "InvalidSignatureException", $"Credential should be scoped to a valid region and service '{Service}'.");
        }

        if (!SigV4Verifier.Verify(request, body, known.SecretAccessKey, out _))
        {
            return (400, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        if (known.ExpiresAt is { } expiresAt && expiresAt <= DateTimeOffset.UtcNow)
        {
            return (400, "ExpiredTokenException", "The security token included in the request is expired");
        }

        return Failure switch
        {
            EcrFailure.AccessDenied => (400, "AccessDeniedException", $"User: arn:aws:sts::123456789012:assumed-role/test is not authorized to perform: {Service}:GetAuthorizationToken on resource: * because no identity-based policy allows the {Service}:GetAuthorizationToken action"),
            EcrFailure.ServerException => (500, "ServerException", "An internal error occurred."),
            _ => (200, null, string.Empty),
        };
    }
}
