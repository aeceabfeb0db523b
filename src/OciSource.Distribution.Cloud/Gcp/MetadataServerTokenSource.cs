namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// The default service account's token from the GCE/GKE metadata server
/// (<c>GET computeMetadata/v1/instance/service-accounts/default/token?scopes=…</c> with <c>Metadata-Flavor: Google</c>,
/// cloud.google.com/compute/docs/access/authenticate-workloads). Reached directly, never through a proxy.
/// </summary>
internal sealed class MetadataServerTokenSource(GoogleEndpointClient direct, Uri metadataBase, IReadOnlyList<string> scopes, TimeProvider time)
    : IGoogleTokenSource
{
    private readonly Uri _address = new(metadataBase, "instance/service-accounts/default/token?scopes=" + string.Join(',', scopes.Select(Uri.EscapeDataString)));

    public async Task<GcpAccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        var step = "metadata server " + _address.AbsolutePath;
        using var request = new HttpRequestMessage(HttpMethod.Get, _address);
        request.Headers.Add("Metadata-Flavor", "Google");
        var body = await direct.SendAsync(request, step, cancellationToken).ConfigureAwait(false);
        return GoogleTokenAnswers.ToAccessToken(GoogleTokenAnswers.ReadOAuth(body, step), time.GetUtcNow());
    }
}
