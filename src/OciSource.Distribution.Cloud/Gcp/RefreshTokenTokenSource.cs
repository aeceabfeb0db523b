using System.Net.Http.Headers;
using System.Text;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// A user's token from a refresh token (RFC 6749 §6, <c>grant_type=refresh_token</c>): <c>authorized_user</c> files send
/// the client id and secret in the form (Google's OAuth 2.0 for installed apps), <c>external_account_authorized_user</c>
/// files as HTTP Basic authentication at their <c>token_url</c> and may receive a rotated refresh token, which is kept.
/// Calls are serialized by the <see cref="RefreshingTokenSource"/> around it.
/// </summary>
internal sealed class RefreshTokenTokenSource(
    GoogleEndpointClient client, Uri tokenUri, string clientId, string clientSecret, string refreshToken, bool basicClientAuthentication, TimeProvider time)
    : IGoogleTokenSource
{
    private volatile string _refreshToken = refreshToken;

    public async Task<GcpAccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var step = $"token endpoint {tokenUri.GetLeftPart(UriPartial.Path)}";
        List<KeyValuePair<string, string>> form = [new("grant_type", "refresh_token"), new("refresh_token", _refreshToken)];
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUri);
        if (basicClientAuthentication)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));
        }
        else
        {
            form.Add(new("client_id", clientId));
            form.Add(new("client_secret", clientSecret));
        }

        request.Content = new FormUrlEncodedContent(form);
        var answer = GoogleTokenAnswers.ReadOAuth(await client.SendAsync(request, step, cancellationToken).ConfigureAwait(false), step);
        if (answer.RefreshToken is { Length: > 0 } rotated)
        {
            _refreshToken = rotated;
        }

        return GoogleTokenAnswers.ToAccessToken(answer, time.GetUtcNow());
    }

    public override string ToString() => "RefreshTokenTokenSource(<redacted>)";
}
