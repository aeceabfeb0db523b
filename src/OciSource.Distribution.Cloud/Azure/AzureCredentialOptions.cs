using Azure.Identity;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>The options every Azure.Identity credential of this provider gets: the transport and the authority host.</summary>
internal static class AzureCredentialOptions
{
    /// <summary>Sets <paramref name="options"/>' transport and, when configured, authority host; returns it.</summary>
    /// <exception cref="CloudProviderException"><see cref="AzureProviderSettings.AuthorityHost"/> is not an absolute https URL.</exception>
    public static T Apply<T>(T options, AzureProviderSettings settings, AzureIdentityTransport transport)
        where T : TokenCredentialOptions
    {
        options.Transport = transport.Transport;
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
