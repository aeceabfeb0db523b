namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// A <c>service_account</c> key of a universe other than <c>googleapis.com</c> (its <c>universe_domain</c>, e.g. S3NS):
/// there is no OAuth 2.0 token endpoint there, so the access token is a self-signed JWT with the scopes
/// (google.aip.dev/auth/4111), valid for <see cref="ServiceAccountJwt.Lifetime"/>, as Google's client libraries do. No call.
/// </summary>
internal sealed class SelfSignedJwtTokenSource(ServiceAccountKey key, IReadOnlyList<string> scopes, TimeProvider time) : IGoogleTokenSource
{
    public Task<GcpAccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return Task.FromResult(new GcpAccessToken(ServiceAccountJwt.SignSelf(key, scopes, issuedAt), issuedAt + ServiceAccountJwt.Lifetime));
    }
}
