using Azure.Identity;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>
/// The options every Azure.Identity credential of this provider gets: the transport, the authority host, and Flux's
/// 10 s bound on each HTTP request (its provider HTTP client's timeout) as the SDK's per-try network timeout; the SDK's
/// own retries stay as they are.
/// </summary>
internal static class AzureCredentialOptions
{
    /// <summary>Flux's timeout of each provider HTTP request (fluxcd/pkg <c>auth.Options.GetHTTPClient</c>).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Sets <paramref name="options"/>' transport and, when configured, authority host; returns it.</summary>
    /// <exception cref="CloudProviderException"><see cref="AzureProviderSettings.AuthorityHost"/> is not an absolute https URL.</exception>
    public static T Apply<T>(T options, AzureProviderSettings settings, AzureIdentityTransport transport)
        where T : TokenCredentialOptions
    {
        options.Transport = transport.Transport;
        options.Retry.NetworkTimeout = RequestTimeout;
        if (settings.AuthorityHost is { } authority)
        {
            try
            {
                options.AuthorityHost = new Uri(authority, UriKind.Absolute);
            }
            catch (Exception e) when (e is UriFormatException or ArgumentException)
            {
                throw new CloudProviderException($"invalid AZURE_AUTHORITY_HOST '{authority}': {e.Message}", e);
            }
        }

        return options;
    }
}
