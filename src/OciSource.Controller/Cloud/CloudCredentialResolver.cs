using System.Net;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Controller.Hosting;
using OciSource.Controller.Reconciliation;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Cloud;

namespace OciSource.Controller.Cloud;

/// <summary>
/// Registry credentials from a cloud provider (<c>spec.provider</c> aws/azure/gcp), as fluxcd/pkg
/// <c>auth.GetArtifactRegistryCredentials</c> obtains them for source-controller: the registry host must be the
/// provider's; the identity is the controller's own, or — with <c>spec.serviceAccountName</c> (feature gate
/// <c>ObjectLevelWorkloadIdentity</c>) or <c>--default-service-account</c> — that ServiceAccount's, through a token the
/// API server issues for it (TokenRequest, the provider's audiences) and the provider exchanges; the result is cached
/// (<see cref="ProviderTokenCache"/>) under the provider, audiences, identity, ServiceAccount, proxy and registry.
/// </summary>
/// <exception cref="ReconcileError">
/// <c>FetchFailed</c>: reason <c>FeatureGateDisabled</c> (stalling, Flux's message) for <c>serviceAccountName</c> without the
/// gate; else <c>AuthenticationFailed</c> with <c>failed to get credential from &lt;provider&gt;: &lt;cause&gt;</c>, Flux's
/// chain of texts; never a token or secret.
/// </exception>
internal sealed class CloudCredentialResolver(IKubernetes client, CloudProviderRegistry providers, ProviderTokenCache? cache, FeatureGates gates)
{
    /// <param name="obj">The object (its namespace, <c>serviceAccountName</c>, name for the cache's metrics).</param>
    /// <param name="provider">Its <c>spec.provider</c>.</param>
    /// <param name="registry">The registry's <c>host[:port]</c>.</param>
    /// <param name="http">The object's proxy (provider calls never use its TLS settings).</param>
    /// <param name="cancellationToken">Cancels API and provider calls.</param>
    public async Task<RegistryCredential> ResolveAsync(OCIRepository obj, string provider, string registry, CloudHttp http, CancellationToken cancellationToken)
    {
        var accountName = obj.Spec.ServiceAccountName;
        if (!string.IsNullOrEmpty(accountName) && !gates.ObjectLevelWorkloadIdentity)
        {
            throw new ReconcileError(
                ConditionTypes.FetchFailed,
                Reasons.FeatureGateDisabled,
                $"to use spec.serviceAccountName for provider authentication please enable the {FeatureGates.ObjectLevelWorkloadIdentityGate} feature gate in the controller",
                stalling: true);
        }

        ICloudRegistryProvider? implementation;
        try
        {
            implementation = providers.Find(provider);
        }
        catch (InvalidOperationException e)
        {
            throw Failed(provider, $"the controller's {provider} settings are invalid: {e.Message}", e);
        }

        if (implementation is null)
        {
            throw Failed(provider, $"the '{provider}' provider is not available in this controller (available: {string.Join(", ", providers.Names.Order(StringComparer.Ordinal))})");
        }

        try
        {
            var registryInput = implementation.ParseRegistry(registry);
            var ns = obj.Metadata.NamespaceProperty;
            var useDefault = string.IsNullOrEmpty(accountName) && gates.DefaultServiceAccount is not null;
            var account = useDefault ? gates.DefaultServiceAccount : accountName;
            ServiceAccountInfo? info = null;
            IReadOnlyList<string> audiences = [];
            var identity = string.Empty;
            if (!string.IsNullOrEmpty(account))
            {
                (info, audiences, identity) = await ServiceAccountAsync(implementation, ns, account, useDefault, http, cancellationToken);
            }

            var key = CacheKey(implementation.Name, audiences, identity, info, http, registryInput);
            Task<(CloudRegistryCredential, DateTimeOffset)> Fetch(CancellationToken token) => FetchAsync(implementation, registry, registryInput, info, audiences, http, token);
            var credential = cache is null
                ? (await Fetch(cancellationToken)).Item1
                : (await cache.GetOrSetAsync(
                    key, Fetch, new InvolvedObject(SourceApi.Kind, obj.Metadata.Name, ns, InvolvedObject.ReconcileOperation), cancellationToken)).Value;
            return credential.ToRegistryCredential();
        }
        catch (CloudProviderException e)
        {
            throw Failed(provider, e.Message, e);
        }
    }

    /// <summary>Flux's <c>DeleteEventsForObject</c> on delete, and the cache entries only <paramref name="obj"/> used.</summary>
    public void Forget(OCIRepository obj) =>
        cache?.Forget(new InvolvedObject(SourceApi.Kind, obj.Metadata.Name, obj.Metadata.NamespaceProperty, InvolvedObject.ReconcileOperation));

    private static ReconcileError Failed(string provider, string cause, Exception? inner = null) =>
        ReconcileError.Fetch(Reasons.AuthenticationFailed, $"failed to get credential from {provider}: {cause}", inner);

    /// <summary>fluxcd/pkg <c>getServiceAccountAndProviderInfo</c>: the ServiceAccount, the token audiences and the provider identity.</summary>
    private async Task<(ServiceAccountInfo Info, IReadOnlyList<string> Audiences, string Identity)> ServiceAccountAsync(
        ICloudRegistryProvider provider, string ns, string name, bool isDefault, CloudHttp http, CancellationToken cancellationToken)
    {
        V1ServiceAccount account;
        try
        {
            account = await client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound && isDefault)
        {
            throw new CloudProviderException(
                $"failed to get access token for artifact registry: failed to get service account '{ns}/{name}': the specified default service account does not exist in the object namespace. your cluster is subject to multi-tenant workload identity lockdown, reach out to your cluster administrator for help",
                e);
        }
        catch (HttpOperationException e)
        {
            throw new CloudProviderException($"failed to get access token for artifact registry: failed to get service account '{ns}/{name}': {ApiServerStatus.Message(e)}", e);
        }

        var info = new ServiceAccountInfo(ns, name, account.Metadata.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : new Dictionary<string, string>());
        IReadOnlyList<string> audiences;
        try
        {
            audiences = await provider.GetAudiencesAsync(info, http, cancellationToken);
        }
        catch (CloudProviderException e)
        {
            throw new CloudProviderException($"failed to get access token for artifact registry: failed to get provider audience: {e.Message}", e);
        }

        try
        {
            return (info, audiences, provider.GetIdentity(info));
        }
        catch (CloudProviderException e)
        {
            throw new CloudProviderException($"failed to get access token for artifact registry: failed to get provider identity from service account '{info}' annotations: {e.Message}", e);
        }
    }

    private async Task<(CloudRegistryCredential, DateTimeOffset)> FetchAsync(
        ICloudRegistryProvider provider, string registry, string registryInput, ServiceAccountInfo? info, IReadOnlyList<string> audiences, CloudHttp http, CancellationToken cancellationToken)
    {
        CloudAccessToken accessToken;
        try
        {
            var workload = info is null ? null : new WorkloadToken(info, await IssueTokenAsync(info, audiences, cancellationToken));
            try
            {
                accessToken = await provider.GetAccessTokenAsync(registry, workload, http, cancellationToken);
            }
            catch (CloudProviderException e)
            {
                var who = info is null ? "the controller" : $"service account '{info}'";
                throw new CloudProviderException($"failed to create provider access token for {who}: {e.Message}", e);
            }
        }
        catch (CloudProviderException e)
        {
            throw new CloudProviderException($"failed to get access token for artifact registry: {e.Message}", e);
        }

        try
        {
            var credential = await provider.GetRegistryCredentialAsync(registryInput, accessToken, http, cancellationToken);
            return (credential, credential.ExpiresAt);
        }
        catch (CloudProviderException e)
        {
            throw new CloudProviderException($"failed to create artifact registry credentials: {e.Message}", e);
        }
    }

    /// <summary>The TokenRequest API (<c>serviceaccounts/token</c>, create): a token of the ServiceAccount for <paramref name="audiences"/>.</summary>
    private async Task<string> IssueTokenAsync(ServiceAccountInfo info, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        try
        {
            var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [.. audiences] } };
            var issued = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, info.Name, info.Namespace, cancellationToken: cancellationToken);
            return issued.Status?.Token is { Length: > 0 } token
                ? token
                : throw new CloudProviderException($"failed to create kubernetes token for service account '{info}': the API server returned no token");
        }
        catch (HttpOperationException e)
        {
            throw new CloudProviderException($"failed to create kubernetes token for service account '{info}': {ApiServerStatus.Message(e)}", e);
        }
    }

    /// <summary>fluxcd/pkg <c>buildAccessTokenCacheKey</c> + the registry input, hashed (no secret is part of it).</summary>
    private static string CacheKey(string provider, IReadOnlyList<string> audiences, string identity, ServiceAccountInfo? info, CloudHttp http, string registryInput)
    {
        var parts = new List<string> { $"provider={provider}" };
        if (audiences.Count > 0)
        {
            parts.Add($"audiences={string.Join(',', audiences)}");
        }

        if (info is not null)
        {
            parts.Add($"providerIdentity={identity}");
            parts.Add($"serviceAccountName={info.Name}");
            parts.Add($"serviceAccountNamespace={info.Namespace}");
        }

        parts.Add(http.Key);
        parts.Add($"artifactRepositoryCacheKey={registryInput}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));
    }
}
