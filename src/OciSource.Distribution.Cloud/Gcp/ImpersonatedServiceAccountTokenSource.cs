namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// An <c>impersonated_service_account</c> file's token: the source credential's token (asked for <c>cloud-platform</c>)
/// impersonates the target service account, through the file's delegates, at IAM Credentials.
/// </summary>
internal sealed class ImpersonatedServiceAccountTokenSource(
    GoogleEndpointClient client, IGoogleTokenSource source, Uri address, IReadOnlyList<string> delegates, IReadOnlyList<string> scopes)
    : IGoogleTokenSource
{
    public async Task<GcpAccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var caller = await source.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        return await IamCredentialsImpersonation.GenerateAccessTokenAsync(
            client, address, caller, scopes, delegates, IamCredentialsImpersonation.DefaultLifetime, cancellationToken).ConfigureAwait(false);
    }
}
