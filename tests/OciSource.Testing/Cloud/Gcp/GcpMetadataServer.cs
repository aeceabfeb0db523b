using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OciSource.Testing.Cloud.Gcp;

/// <summary>
/// Simulates the GCE/GKE metadata server (cloud.google.com/compute/docs/metadata): every request must carry
/// <c>Metadata-Flavor: Google</c> (else 403), every answer carries it; <c>/computeMetadata/v1/</c> serves the default
/// service account's OAuth2 token (<c>instance/service-accounts/default/token[?scopes=…]</c>), <c>project/project-id</c>
/// and the GKE attributes <c>instance/attributes/cluster-location</c> and <c>cluster-name</c>. Errors are plain text, as
/// the real server answers. Point the product at it with <c>GCE_METADATA_HOST</c> = <see cref="Host"/>.
/// </summary>
public sealed class GcpMetadataServer : GoogleSimulator
{
    private const string Prefix = "/computeMetadata/v1/";

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>, the value of <c>GCE_METADATA_HOST</c>.</summary>
    public string Host => Address.Authority;

    public string ProjectId { get; set; } = "oci-source-project";

    public string ClusterLocation { get; set; } = "europe-west1";

    public string ClusterName { get; set; } = "oci-source-cluster";

    public static async Task<GcpMetadataServer> StartNewAsync(CancellationToken cancellationToken)
    {
        var server = new GcpMetadataServer();
        await server.StartAsync(cancellationToken);
        return server;
    }

    protected override async Task HandleAsync(HttpContext context, GoogleSimulatorRequest request)
    {
        context.Response.Headers["Metadata-Flavor"] = "Google";
        if (request.Header("Metadata-Flavor") != "Google")
        {
            await WriteErrorAsync(context, HttpStatusCode.Forbidden, "Missing required header \"Metadata-Flavor\": \"Google\"");
            return;
        }

        var path = context.Request.Path.Value ?? "/";
        if (path == "/")
        {
            return;
        }

        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || request.Method != "GET")
        {
            await WriteErrorAsync(context, HttpStatusCode.NotFound, "Not Found");
            return;
        }

        switch (path[Prefix.Length..])
        {
            case "instance/service-accounts/default/token":
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["access_token"] = IssueToken("ya29.metadata-"),
                    ["expires_in"] = (long)AnnouncedLifetime.TotalSeconds,
                    ["token_type"] = "Bearer",
                }));
                break;
            case "project/project-id":
                await context.Response.WriteAsync(ProjectId);
                break;
            case "instance/attributes/cluster-location":
                await context.Response.WriteAsync(ClusterLocation);
                break;
            case "instance/attributes/cluster-name":
                await context.Response.WriteAsync(ClusterName);
                break;
            default:
                await WriteErrorAsync(context, HttpStatusCode.NotFound, "Not Found");
                break;
        }
    }

    protected override Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message);
    }
}
