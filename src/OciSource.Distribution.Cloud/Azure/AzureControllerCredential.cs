using Azure.Core;
using Azure.Identity;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>
/// The controller's own Azure identity, chosen as Flux's <c>newDefaultAzureCredential</c> does (the default chain
/// without the CLI credentials): <c>EnvironmentCredential</c> when its variables are set; else
/// <c>WorkloadIdentityCredential</c> when <c>AZURE_CLIENT_ID</c>, <c>AZURE_FEDERATED_TOKEN_FILE</c>,
/// <c>AZURE_AUTHORITY_HOST</c> and <c>AZURE_TENANT_ID</c> are all set; else <c>ManagedIdentityCredential</c>
/// (user-assigned when <c>AZURE_CLIENT_ID</c> is set). The first that applies is used alone, not as a fallback chain.
/// </summary>
internal sealed class AzureControllerCredential
{
    private AzureControllerCredential(TokenCredential credential, string name)
    {
        Credential = credential;
        Name = name;
    }

    /// <summary>The Azure.Identity credential; thread-safe, caches and refreshes its tokens.</summary>
    public TokenCredential Credential { get; }

    /// <summary>The credential type, for messages and logs.</summary>
    public string Name { get; }

    /// <exception cref="CloudProviderException"><c>AZURE_AUTHORITY_HOST</c> is not an https URL.</exception>
    public static AzureControllerCredential Create(AzureProviderSettings settings, AzureIdentityTransport transport)
    {
        if (settings.HasEnvironmentCredential)
        {
            var options = AzureCredentialOptions.Apply(new EnvironmentCredentialOptions(), settings, transport);
            return new AzureControllerCredential(new EnvironmentCredential(options), nameof(EnvironmentCredential));
        }

        if (settings is { ClientId: { } clientId, FederatedTokenFile: { } file, AuthorityHost: not null, TenantId: { } tenantId })
        {
            var options = AzureCredentialOptions.Apply(
                new WorkloadIdentityCredentialOptions { ClientId = clientId, TenantId = tenantId, TokenFilePath = file }, settings, transport);
            return new AzureControllerCredential(new WorkloadIdentityCredential(options), nameof(WorkloadIdentityCredential));
        }

        var identity = settings.ClientId is { } userAssigned ? ManagedIdentityId.FromUserAssignedClientId(userAssigned) : ManagedIdentityId.SystemAssigned;
        var managed = AzureCredentialOptions.Apply(new ManagedIdentityCredentialOptions(identity), settings, transport);
        return new AzureControllerCredential(new ManagedIdentityCredential(managed), nameof(ManagedIdentityCredential));
    }
}
