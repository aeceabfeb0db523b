using Azure;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>
/// <c>spec.provider: azure</c> (fluxcd/pkg <c>auth/azure</c>): an Entra ID token of the controller's identity
/// (<see cref="AzureControllerCredential"/>) or of a ServiceAccount (Azure.Identity's <c>ClientAssertionCredential</c>
/// with the ServiceAccount token as the client assertion, tenant and client id from its
/// <c>azure.workload.identity/*</c> annotations), exchanged at the registry's <c>/oauth2/exchange</c> for an ACR refresh
/// token, the password of user <see cref="RegistryUsername"/>. Azure.Identity's HTTP goes through
/// <see cref="CloudHttp.CreateProviderHandler"/> (the object's proxy), the exchange too: system trust and the operator's
/// <see cref="AzureProviderSettings.AuthorityRootCertificates"/>, never the object's <c>certSecretRef</c>.
/// Thread-safe; dispose it with the process.
/// </summary>
public sealed partial class AzureRegistryProvider : ICloudRegistryProvider, IDisposable
{
    /// <summary>The audience of the ServiceAccount token Entra ID accepts as a federated credential.</summary>
    public const string ServiceAccountTokenAudience = "api://AzureADTokenExchange";

    /// <summary>The ServiceAccount annotation naming the Entra application (or user-assigned managed identity) client id.</summary>
    public const string ClientIdAnnotation = "azure.workload.identity/client-id";

    /// <summary>The ServiceAccount annotation naming the Entra tenant.</summary>
    public const string TenantIdAnnotation = "azure.workload.identity/tenant-id";

    /// <summary>The registry username that tells ACR the password is a refresh token.</summary>
    public const string RegistryUsername = "00000000-0000-0000-0000-000000000000";

    private readonly AzureProviderSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly NetworkPathCache<string, Lazy<AzureIdentityTransport>> _transports = new();
    private readonly NetworkPathCache<string, Lazy<AzureControllerCredential>> _controllerCredentials = new();

    public AzureRegistryProvider(AzureProviderSettings settings, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AzureRegistryProvider>();
        _time = time ?? TimeProvider.System;
    }

    public string Name => "azure";

    public string ParseRegistry(string registry) => AzureRegistryHosts.Parse(registry, _settings.EnvironmentFilePath);

    public ValueTask<IReadOnlyList<string>> GetAudiencesAsync(ServiceAccountInfo account, CloudHttp http, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>([ServiceAccountTokenAudience]);

    /// <summary><c>&lt;tenant id&gt;/&lt;client id&gt;</c> from the ServiceAccount's annotations (tenant checked first, as Flux).</summary>
    public string GetIdentity(ServiceAccountInfo account)
    {
        var (tenantId, clientId) = WorkloadIdentity(account);
        return $"{tenantId}/{clientId}";
    }

    public async Task<CloudAccessToken> GetAccessTokenAsync(string registry, WorkloadToken? workload, CloudHttp http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var scope = AzureRegistryHosts.Scope(_settings.EnvironmentFilePath);
        var transport = Transport(http);
        TokenCredential credential;
        string credentialName;
        if (workload is null)
        {
            var controller = _controllerCredentials.GetOrAdd(http.Key, _ => new Lazy<AzureControllerCredential>(() => CreateControllerCredential(transport))).Value;
            (credential, credentialName) = (controller.Credential, controller.Name);
        }
        else
        {
            (credential, credentialName) = (CreateWorkloadCredential(workload, transport), nameof(ClientAssertionCredential));
        }

        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
            LogTokenIssued(_logger, credentialName, scope, token.ExpiresOn);
            return new AzureAccessToken(token.Token, token.ExpiresOn);
        }
        catch (Exception e) when (e is AuthenticationFailedException or CredentialUnavailableException or RequestFailedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CloudProviderException(
                $"failed to get an Entra ID access token with {credentialName}: {SecretText.Redact(AzureIdentityErrorText.Describe(e), workload?.Token)}", e);
        }
    }

    public async Task<CloudRegistryCredential> GetRegistryCredentialAsync(
        string registryInput, CloudAccessToken accessToken, CloudHttp http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (accessToken is not AzureAccessToken azure)
        {
            throw new ArgumentException($"not an Azure access token: {accessToken?.GetType().Name ?? "null"}", nameof(accessToken));
        }

        if (azure.ExpiresAt <= _time.GetUtcNow())
        {
            throw new CloudProviderException($"the Entra ID access token for {registryInput} expired at {azure.ExpiresAt:O}");
        }

        var (refreshToken, expiresAt) = await AcrTokenExchange.ExchangeAsync(registryInput, azure.Token, http, _settings.AuthorityRootCertificates, _time, cancellationToken).ConfigureAwait(false);
        return new CloudRegistryCredential(RegistryUsername, refreshToken, expiresAt);
    }

    /// <summary>How many per-network-path objects (handlers, SDK clients, credentials) are held now.</summary>
    internal int NetworkPathObjects => _transports.Count + _controllerCredentials.Count;

    public void Dispose()
    {
        foreach (var transport in _transports.Values.Where(t => t.IsValueCreated))
        {
            transport.Value.Dispose();
        }
    }

    private static (string TenantId, string ClientId) WorkloadIdentity(ServiceAccountInfo account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var tenantId = account.Annotations.TryGetValue(TenantIdAnnotation, out var tenant)
            ? tenant
            : throw new CloudProviderException($"azure tenant ID is not set in the service account annotation {TenantIdAnnotation}");
        var clientId = account.Annotations.TryGetValue(ClientIdAnnotation, out var client)
            ? client
            : throw new CloudProviderException($"azure client ID is not set in the service account annotation {ClientIdAnnotation}");
        return (tenantId, clientId);
    }

    private ClientAssertionCredential CreateWorkloadCredential(WorkloadToken workload, AzureIdentityTransport transport)
    {
        var (tenantId, clientId) = WorkloadIdentity(workload.Account);
        var options = AzureCredentialOptions.Apply(new ClientAssertionCredentialOptions(), _settings, transport);
        try
        {
            return new ClientAssertionCredential(tenantId, clientId, _ => Task.FromResult(workload.Token), options);
        }
        catch (ArgumentException e)
        {
            throw new CloudProviderException(
                $"invalid Azure workload identity in the annotations of service account {workload.Account}: {SecretText.Redact(e.Message, workload.Token)}", e);
        }
    }

    private AzureControllerCredential CreateControllerCredential(AzureIdentityTransport transport)
    {
        var credential = AzureControllerCredential.Create(_settings, transport);
        LogControllerCredential(_logger, credential.Name);
        return credential;
    }

    private AzureIdentityTransport Transport(CloudHttp http) =>
        _transports.GetOrAdd(http.Key, _ => new Lazy<AzureIdentityTransport>(() => new AzureIdentityTransport(http, _settings))).Value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure controller identity: {Credential}")]
    private static partial void LogControllerCredential(ILogger logger, string credential);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Entra ID access token from {Credential} for {Scope}, expires {ExpiresOn:O}")]
    private static partial void LogTokenIssued(ILogger logger, string credential, string scope, DateTimeOffset expiresOn);
}
