using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// <c>spec.provider: gcp</c> (fluxcd/pkg <c>auth/gcp</c>) through our own client of Google's published OAuth 2.0, STS,
/// IAM Credentials and metadata server APIs (no Google SDK: Native AOT): the controller's identity is the credential
/// file of <see cref="GcpProviderSettings.CredentialsFile"/> (<see cref="GcpCredentialFile"/>) or else the metadata
/// server (<see cref="MetadataServerTokenSource"/>), each token kept and refreshed before it expires
/// (<see cref="RefreshingTokenSource"/>); object-level workload identity exchanges the ServiceAccount token at STS and,
/// with <c>iam.gke.io/gcp-service-account</c>, impersonates that service account (<see cref="ExternalAccountTokenSource"/>).
/// The registry credential is <c>oauth2accesstoken</c> and the access token, valid until the token expires. Provider
/// calls (STS, IAM, token URLs of a credential file) go through the object's proxy; the metadata server is always reached
/// directly. One HTTP handler per distinct proxy (<see cref="CloudHttp.Key"/>) is kept for the provider's lifetime, so
/// connections are reused.
/// </summary>
public sealed class GcpRegistryProvider : ICloudRegistryProvider, IDisposable
{
    /// <summary>The <c>spec.provider</c> value.</summary>
    public const string ProviderName = "gcp";

    /// <summary>The registry username for a Google access token.</summary>
    public const string RegistryUsername = "oauth2accesstoken";

    /// <summary>The STS subject token type of a Kubernetes ServiceAccount token.</summary>
    internal const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";

    /// <summary>The scopes Flux requests.</summary>
    internal static readonly string[] Scopes =
    [
        "https://www.googleapis.com/auth/cloud-platform",
        "https://www.googleapis.com/auth/userinfo.email",
    ];

    private readonly GcpProviderSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SocketsHttpHandler _direct;
    private readonly GkeMetadataLoader _gke;
    private readonly RefreshingTokenSource _metadataToken;
    private readonly NetworkPathCache<string, SocketsHttpHandler> _proxyHandlers = new();
    private readonly NetworkPathCache<string, IGoogleTokenSource> _fileCredentials = new();
    private readonly SemaphoreSlim _fileGate = new(1, 1);
    private Func<GoogleEndpointClient, IGoogleTokenSource>? _fileCredential;

    public GcpRegistryProvider(GcpProviderSettings settings, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GcpRegistryProvider>();
        _time = time ?? TimeProvider.System;
        _direct = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(10) };
        _gke = new GkeMetadataLoader(_direct, settings.MetadataBase);
        _metadataToken = new RefreshingTokenSource(new MetadataServerTokenSource(new GoogleEndpointClient(_direct), settings.MetadataBase, Scopes, _time), _time);
    }

    public string Name => ProviderName;

    /// <summary>Checks the host against Flux's pattern; the registry credential depends on nothing else (<c>gcp</c>).</summary>
    public string ParseRegistry(string registry)
    {
        GcpRegistryPattern.Check(registry);
        return ProviderName;
    }

    /// <summary>
    /// <c>//iam.googleapis.com/&lt;provider&gt;</c> from <c>gcp.auth.fluxcd.io/workload-identity-provider</c>, else the GKE
    /// cluster's workload identity pool (<c>&lt;project&gt;.svc.id.goog</c>) from the metadata server.
    /// </summary>
    public async ValueTask<IReadOnlyList<string>> GetAudiencesAsync(ServiceAccountInfo account, CloudHttp http, CancellationToken cancellationToken)
    {
        var audience = GcpServiceAccountAnnotations.WorkloadIdentityProviderAudience(account);
        if (audience.Length > 0)
        {
            return [audience];
        }

        var cluster = await _gke.GetAsync(cancellationToken).ConfigureAwait(false);
        return [cluster.WorkloadIdentityPool];
    }

    /// <summary>The Google service account of <c>iam.gke.io/gcp-service-account</c>; empty without it.</summary>
    public string GetIdentity(ServiceAccountInfo account) => GcpServiceAccountAnnotations.ServiceAccountEmail(account);

    public Task<CloudAccessToken> GetAccessTokenAsync(string registry, WorkloadToken? workload, CloudHttp http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        return workload is null
            ? ControllerTokenAsync(http, cancellationToken)
            : WorkloadTokenAsync(workload, http, cancellationToken);
    }

    /// <summary><c>oauth2accesstoken</c> and the access token, until it expires (no call: GCP registries take the token itself).</summary>
    public Task<CloudRegistryCredential> GetRegistryCredentialAsync(string registryInput, CloudAccessToken accessToken, CloudHttp http, CancellationToken cancellationToken)
    {
        if (accessToken is not GcpAccessToken token)
        {
            throw new CloudProviderException($"the gcp provider cannot use a {accessToken?.GetType().Name ?? "missing"} access token");
        }

        return Task.FromResult(new CloudRegistryCredential(RegistryUsername, token.Value, token.ExpiresAt));
    }

    /// <summary>How many per-network-path objects (handlers, credentials) are held now.</summary>
    internal int NetworkPathObjects => _proxyHandlers.Count + _fileCredentials.Count;

    public void Dispose()
    {
        _gke.Dispose();
        _direct.Dispose();
        _fileGate.Dispose();
        foreach (var handler in _proxyHandlers.Values)
        {
            handler.Dispose();
        }
    }

    private async Task<CloudAccessToken> ControllerTokenAsync(CloudHttp http, CancellationToken cancellationToken)
    {
        if (_settings.CredentialsFile is null)
        {
            GcpLog.ControllerToken(_logger, "metadata server");
            return await ReadAsync(_metadataToken, "metadata server token", cancellationToken).ConfigureAwait(false);
        }

        var credential = await FileCredentialAsync(http, cancellationToken).ConfigureAwait(false);
        GcpLog.ControllerToken(_logger, "credential file");
        return await ReadAsync(credential, "credential file token", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A fresh exchange per call (the caller keeps the registry credential until the token expires).</summary>
    private async Task<CloudAccessToken> WorkloadTokenAsync(WorkloadToken workload, CloudHttp http, CancellationToken cancellationToken)
    {
        var audience = GcpServiceAccountAnnotations.WorkloadIdentityProviderAudience(workload.Account);
        if (audience.Length == 0)
        {
            audience = (await _gke.GetAsync(cancellationToken).ConfigureAwait(false)).StsAudience;
        }

        var email = GcpServiceAccountAnnotations.ServiceAccountEmail(workload.Account);
        var settings = new ExternalAccountSettings(_settings.StsTokenEndpoint, audience, JwtTokenType, Scopes)
        {
            Impersonation = email.Length == 0 ? null : new ServiceAccountImpersonation(ImpersonationUrl(email), IamCredentialsImpersonation.DefaultLifetime),
        };
        var source = new ExternalAccountTokenSource(ProxyClient(http), new WorkloadSubjectToken(workload), settings, _time);
        GcpLog.WorkloadExchange(_logger, workload.Account, email.Length == 0 ? "none" : email);
        return await ReadAsync(source, "workload identity token", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CloudAccessToken> ReadAsync(IGoogleTokenSource source, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await source.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleEndpointException e)
        {
            throw new CloudProviderException($"failed to get {what}: {e.Message}", e);
        }
    }

    private async Task<IGoogleTokenSource> FileCredentialAsync(CloudHttp http, CancellationToken cancellationToken)
    {
        if (_fileCredentials.TryGetValue(http.Key, out var cached))
        {
            return cached;
        }

        var loaded = Volatile.Read(ref _fileCredential);
        if (loaded is null)
        {
            await _fileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                loaded = _fileCredential ??= await GcpCredentialFile.LoadAsync(_settings.CredentialsFile!, Scopes, _time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _fileGate.Release();
            }
        }

        var client = ProxyClient(http);
        return _fileCredentials.GetOrAdd(http.Key, _ => new RefreshingTokenSource(loaded(client), _time));
    }

    private GoogleEndpointClient ProxyClient(CloudHttp http) =>
        new(_proxyHandlers.GetOrAdd(http.Key, _ => http.CreateProviderHandler()));

    private Uri ImpersonationUrl(string email) =>
        new(_settings.IamCredentialsEndpoint, $"v1/projects/-/serviceAccounts/{email}:generateAccessToken");
}
