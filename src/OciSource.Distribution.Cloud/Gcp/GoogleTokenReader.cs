using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Gets a Google.Apis.Auth credential's access token (the SDK refreshes and caches it) with its expiry, and turns every
/// failure into a <see cref="CloudProviderException"/> that names the step and holds no token.
/// </summary>
internal static class GoogleTokenReader
{
    /// <summary>The token of <paramref name="access"/>; <paramref name="credential"/> is the SDK credential holding its <see cref="TokenResponse"/>.</summary>
    public static async Task<CloudAccessToken> ReadAsync(ITokenAccess access, object credential, string what, CancellationToken cancellationToken)
    {
        try
        {
            await access.GetAccessTokenForRequestAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleEndpointException e)
        {
            throw new CloudProviderException($"failed to get {what}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The SDK's own failures (a subject token file that cannot be read, a malformed answer, …).
            throw new CloudProviderException($"failed to get {what}: {SafeMessage(e)}", e);
        }

        var response = credential switch
        {
            ServiceCredential service => service.Token,
            UserCredential user => user.Token,
            _ => null,
        };
        if (response?.AccessToken is not { Length: > 0 } value)
        {
            throw new CloudProviderException($"failed to get {what}: the answer held no access token");
        }

        var issued = new DateTimeOffset(DateTime.SpecifyKind(response.IssuedUtc, DateTimeKind.Utc));
        return new GcpAccessToken(value, issued.AddSeconds(response.ExpiresInSeconds ?? 0));
    }

    /// <summary>The SDK's message, except a token error's, which is rebuilt from its fields (they hold no token).</summary>
    private static string SafeMessage(Exception e) => e switch
    {
        TokenResponseException token =>
            $"HTTP {(int?)token.StatusCode}: {token.Error?.Error} {token.Error?.ErrorDescription}".TrimEnd(),
        SubjectTokenException subject when subject.InnerException is { } cause => $"{subject.Message}: {cause.Message}",
        _ => e.Message,
    };
}
