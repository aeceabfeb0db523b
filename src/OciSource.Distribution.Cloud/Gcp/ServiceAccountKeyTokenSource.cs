namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// A <c>service_account</c> key's token: the OAuth 2.0 JWT bearer grant (RFC 7523) at the key's <c>token_uri</c> with a
/// signed <see cref="ServiceAccountJwt"/> (<c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer</c>, <c>assertion</c>).
/// </summary>
internal sealed class ServiceAccountKeyTokenSource(GoogleEndpointClient client, ServiceAccountKey key, IReadOnlyList<string> scopes, TimeProvider time)
    : IGoogleTokenSource
{
    internal const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public async Task<GcpAccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var step = $"token endpoint {key.TokenUri.GetLeftPart(UriPartial.Path)}";
        var assertion = ServiceAccountJwt.Sign(key, scopes, time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, key.TokenUri)
        {
            Content = new FormUrlEncodedContent([new("grant_type", JwtBearerGrant), new("assertion", assertion)]),
        };
        var body = await client.SendAsync(request, step, cancellationToken).ConfigureAwait(false);
        return GoogleTokenAnswers.ToAccessToken(GoogleTokenAnswers.ReadOAuth(body, step), time.GetUtcNow());
    }
}
