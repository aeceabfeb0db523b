using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Cloud.Aws;

/// <summary>
/// The EKS Pod Identity agent (the container credentials endpoint of <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>) on
/// 127.0.0.1, as AWS documents it: <c>GET</c> with the <c>Authorization</c> header holding the token of
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)</c>, answered with <c>{AccessKeyId, SecretAccessKey, Token,
/// AccountId, Expiration}</c> issued into the shared <see cref="AwsCredentialStore"/>; a wrong token gets 401.
/// </summary>
public sealed class ContainerCredentialsSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private ContainerCredentialsSimulator(WebApplication app, AwsCredentialStore credentials, string authorizationToken)
    {
        _app = app;
        Credentials = credentials;
        AuthorizationToken = authorizationToken;
    }

    /// <summary>The full URI to set as <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>.</summary>
    public Uri CredentialsUri { get; private set; } = null!;

    public AwsCredentialStore Credentials { get; }

    /// <summary>The token the agent expects (what <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c> must hold).</summary>
    public string AuthorizationToken { get; }

    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How many requests were answered.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    public static async Task<ContainerCredentialsSimulator> StartAsync(AwsCredentialStore credentials, CancellationToken cancellationToken)
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var simulator = new ContainerCredentialsSimulator(app, credentials, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        app.MapGet("/v1/credentials", simulator.HandleAsync);
        simulator.CredentialsUri = new Uri(await LoopbackWebApp.StartAsync(app, cancellationToken), "/v1/credentials");
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (context.Request.Headers.Authorization.ToString() != AuthorizationToken)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("{\"Message\":\"invalid authorization token\"}", context.RequestAborted);
            return;
        }

        var expiresAt = DateTimeOffset.UtcNow.Add(CredentialLifetime);
        var issued = Credentials.Issue(temporary: true, expiresAt);
        var body = new JsonObject
        {
            ["AccessKeyId"] = issued.AccessKeyId,
            ["SecretAccessKey"] = issued.SecretAccessKey,
            ["Token"] = issued.SessionToken,
            ["AccountId"] = "123456789012",
            ["Expiration"] = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
