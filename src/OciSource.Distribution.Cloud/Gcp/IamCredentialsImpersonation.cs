using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Impersonates a Google service account with IAM Service Account Credentials
/// <c>POST v1/projects/-/serviceAccounts/&lt;email&gt;:generateAccessToken</c>
/// (cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken): the caller's
/// token as bearer, the wanted scopes, delegates and lifetime in the body; the answer's <c>expireTime</c> is the expiry.
/// </summary>
internal static class IamCredentialsImpersonation
{
    public const string Step = "IAM Credentials generateAccessToken";

    /// <summary>Google's default lifetime of an impersonated token.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public static async Task<GcpAccessToken> GenerateAccessTokenAsync(
        GoogleEndpointClient client, Uri address, GcpAccessToken caller, IReadOnlyList<string> scopes, IReadOnlyList<string>? delegates,
        TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var body = new IamAccessTokenRequest
        {
            Scope = scopes,
            Delegates = delegates is { Count: > 0 } ? [.. delegates.Select(Delegate)] : null,
            Lifetime = string.Create(CultureInfo.InvariantCulture, $"{(long)lifetime.TotalSeconds}s"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, GcpJsonContext.Default.IamAccessTokenRequest)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.Value);
        var answer = await client.SendAsync(request, Step, cancellationToken).ConfigureAwait(false);
        return GoogleTokenAnswers.ReadIam(answer, Step);
    }

    /// <summary>A delegate as the API names it: <c>projects/-/serviceAccounts/&lt;email&gt;</c> (a bare email is completed).</summary>
    private static string Delegate(string value) =>
        value.StartsWith("projects/", StringComparison.Ordinal) ? value : "projects/-/serviceAccounts/" + value;
}
