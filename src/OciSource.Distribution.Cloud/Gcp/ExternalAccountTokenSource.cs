using System.Net.Http.Headers;
using System.Text;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Workload identity federation (google.aip.dev/auth/4117; cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token):
/// the subject token is exchanged at STS (RFC 8693 token exchange, form-encoded) for a federated access token; with
/// <see cref="ExternalAccountSettings.Impersonation"/> that token then impersonates a Google service account at IAM Credentials. As Go's
/// <c>externalaccount</c> package does, STS is asked for <c>cloud-platform</c> before impersonating (the wanted scopes
/// go to IAM Credentials), else for the wanted scopes. A client id and secret, when given, authenticate at STS with
/// HTTP Basic.
/// </summary>
internal sealed class ExternalAccountTokenSource(GoogleEndpointClient client, ISubjectTokenSource subject, ExternalAccountSettings settings, TimeProvider time)
    : IGoogleTokenSource
{
    public const string StsStep = "STS token exchange";
    internal const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    internal const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    internal const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    public async Task<GcpAccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var subjectToken = await subject.GetSubjectTokenAsync(cancellationToken).ConfigureAwait(false);
        var impersonation = settings.Impersonation;
        var stsScopes = impersonation is null ? string.Join(' ', settings.Scopes) : CloudPlatformScope;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", TokenExchangeGrant),
                new("audience", settings.Audience),
                new("scope", stsScopes),
                new("requested_token_type", AccessTokenType),
                new("subject_token", subjectToken),
                new("subject_token_type", settings.SubjectTokenType),
            ]),
        };
        if (settings.ClientId is { Length: > 0 } clientId)
        {
            var secret = settings.ClientSecret ?? string.Empty;
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        }

        var answer = await client.SendAsync(request, StsStep, cancellationToken).ConfigureAwait(false);
        var federated = GoogleTokenAnswers.ToAccessToken(GoogleTokenAnswers.ReadOAuth(answer, StsStep), time.GetUtcNow());
        return impersonation is null
            ? federated
            : await IamCredentialsImpersonation.GenerateAccessTokenAsync(
                client, impersonation.Address, federated, settings.Scopes, null, impersonation.Lifetime, cancellationToken).ConfigureAwait(false);
    }
}
