namespace OciSource.Distribution.Cloud;

/// <summary>
/// One cloud provider's registry credentials (fluxcd/pkg <c>auth.ArtifactRegistryCredentialsProvider</c>): an access
/// token for an identity — the controller's own (the SDK's default chain) or a Kubernetes ServiceAccount's (object-level
/// workload identity, a token the caller issued with <see cref="GetAudiencesAsync"/>) — exchanged for a registry
/// username and password. Implementations are thread-safe and long-lived, so the SDKs' own credential caches work.
/// Every error is a <see cref="CloudProviderException"/> whose message is safe to show (no secret, no token) and says
/// what to fix; cancellation throws <see cref="OperationCanceledException"/>.
/// </summary>
public interface ICloudRegistryProvider
{
    /// <summary><c>aws</c>, <c>azure</c> or <c>gcp</c>, as <c>spec.provider</c> names it.</summary>
    string Name { get; }

    /// <summary>
    /// Checks that <paramref name="registry"/> (<c>host[:port]</c>) is one of this provider's registries and returns
    /// what the registry credential depends on (part of the cache key), e.g. the ECR account and region.
    /// </summary>
    /// <exception cref="CloudProviderException">Not a registry of this provider (Flux's message).</exception>
    string ParseRegistry(string registry);

    /// <summary>The audiences of the ServiceAccount token to issue for object-level workload identity.</summary>
    /// <exception cref="CloudProviderException">They cannot be determined (e.g. a metadata server is down).</exception>
    ValueTask<IReadOnlyList<string>> GetAudiencesAsync(ServiceAccountInfo account, CloudHttp http, CancellationToken cancellationToken);

    /// <summary>
    /// The provider identity the ServiceAccount's annotations name (role ARN, client id, service account email), part
    /// of the cache key; empty when the provider needs none.
    /// </summary>
    /// <exception cref="CloudProviderException">A required annotation is missing or malformed (Flux's message).</exception>
    string GetIdentity(ServiceAccountInfo account);

    /// <summary>
    /// An access token for <paramref name="registry"/>: of the controller's identity when <paramref name="workload"/> is
    /// null, else exchanged from the ServiceAccount token.
    /// </summary>
    /// <exception cref="CloudProviderException">The SDK or the provider's endpoint failed; the message names the step and the provider's error text.</exception>
    Task<CloudAccessToken> GetAccessTokenAsync(string registry, WorkloadToken? workload, CloudHttp http, CancellationToken cancellationToken);

    /// <summary>The registry username and password for <paramref name="registryInput"/> (from <see cref="ParseRegistry"/>).</summary>
    /// <exception cref="CloudProviderException">The provider's registry endpoint refused or failed.</exception>
    Task<CloudRegistryCredential> GetRegistryCredentialAsync(string registryInput, CloudAccessToken accessToken, CloudHttp http, CancellationToken cancellationToken);
}
