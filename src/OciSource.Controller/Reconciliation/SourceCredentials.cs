using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Controller.Cloud;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Cloud;
using OciSource.Distribution.References;
using OciSource.Distribution.Transport;
using OciSource.Runtime.Hosting;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// Builds the registry credentials and transport of one OCIRepository from its Secrets in Flux's order and with
/// Flux's messages (source-controller's <c>reconcileSource</c>, fluxcd/pkg <c>runtime/secrets</c>):
/// <list type="number">
/// <item>the keychain: <c>secretRef</c>, then the image pull secrets of <c>serviceAccountName</c>, read as
/// go-containerregistry's k8schain reads them (<c>.dockerconfigjson</c> only from a
/// <c>kubernetes.io/dockerconfigjson</c> Secret, <c>.dockercfg</c> only from a <c>kubernetes.io/dockercfg</c> one; any
/// other Secret adds nothing, silently);</item>
/// <item><c>proxySecretRef</c> (<c>address</c>, optional <c>username</c>/<c>password</c>);</item>
/// <item>the provider: a cloud <c>provider</c> is used only when the keychain is anonymous (no pull secret at all), as
/// Flux, through <see cref="CloudCredentialResolver"/> with the object's proxy (never its TLS settings), bounded by
/// <c>spec.timeout</c>; its credential replaces the keychain;</item>
/// <item>the TLS transport from <c>certSecretRef</c> (<c>tls.crt</c>+<c>tls.key</c> and/or <c>ca.crt</c>, legacy
/// <c>certFile</c>/<c>keyFile</c>/<c>caFile</c>) and <c>insecure</c>.</item>
/// </list>
/// Secrets are read through the <see cref="SecretReader"/> given: fresh (uncached) every time, or from its informer
/// cache under Flux's <c>CacheSecretsAndConfigMaps</c> gate. Messages name objects, never Secret data.
/// </summary>
/// <exception cref="ReconcileError">Reason <c>AuthenticationFailed</c>: a Secret or ServiceAccount is missing, malformed,
/// or may not be read (401/403, with the API server's own message), or the cloud provider failed
/// (<see cref="CloudCredentialResolver"/>, which may also stall with <c>FeatureGateDisabled</c>).</exception>
internal sealed class SourceCredentials(IKubernetes client, SecretReader secrets, CloudCredentialResolver cloud)
{
    private const int MaxProxyUrlLength = 2048;

    /// <summary>Flux's <c>GenericOCIProvider</c>: static credentials only.</summary>
    private const string GenericProvider = "generic";

    /// <param name="obj">The object whose Secrets are read (in its namespace).</param>
    /// <param name="onAuthSecretMissing">Called with the <c>secretRef</c> name when it cannot be read (Flux's Trace event).</param>
    /// <param name="providerTimeout">Bounds the cloud provider step (Flux: <c>spec.timeout</c>).</param>
    /// <param name="cancellationToken">Cancels the API reads.</param>
    public async Task<(ICredentialStore Credentials, RegistryTransportOptions Transport)> LoadAsync(
        OCIRepository obj, Action<string> onAuthSecretMissing, TimeSpan providerTimeout, CancellationToken cancellationToken)
    {
        var ns = obj.Metadata.NamespaceProperty;
        var spec = obj.Spec;
        var pullSecrets = new List<V1Secret>();
        if (spec.SecretRef is { } secretRef)
        {
            try
            {
                pullSecrets.Add(await secrets.ReadAsync(ns, secretRef.Name, cancellationToken));
            }
            catch (SecretReadException ex)
            {
                onAuthSecretMissing(secretRef.Name);
                throw Auth($"failed to get credential: {ex.Message}", ex);
            }
        }

        if (!string.IsNullOrEmpty(spec.ServiceAccountName))
        {
            pullSecrets.AddRange(await ServiceAccountPullSecretsAsync(ns, spec.ServiceAccountName, cancellationToken));
        }

        var credentials = Keychain(pullSecrets, ns);
        var transport = new RegistryTransportOptions { Insecure = spec.Insecure };
        if (spec.ProxySecretRef is { } proxyRef)
        {
            transport = WithProxy(transport, await GetSecretAsync(ns, proxyRef.Name, "failed to get proxy address", cancellationToken), ns);
        }

        if (pullSecrets.Count == 0 && spec.Provider is { Length: > 0 } provider && provider != GenericProvider
            && TryParseRegistry(spec.Url) is { } registry)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(providerTimeout);
            try
            {
                var http = new CloudHttp { Proxy = transport.Proxy, ProxyCredentials = transport.ProxyCredentials };
                credentials = new StaticCredentials(registry, await cloud.ResolveAsync(obj, provider, registry, http, timeout.Token));
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw Auth($"failed to get credential from {provider}: timeout after {GoDuration.Format(providerTimeout)}", e);
            }
        }

        if (spec.CertSecretRef is { Name.Length: > 0 } certRef)
        {
            var context = $"failed to generate transport for '{spec.Url}'";
            transport = WithTls(transport, await GetSecretAsync(ns, certRef.Name, context, cancellationToken), ns, context);
        }

        return (credentials, transport);
    }

    /// <summary>Drops what the cloud token cache holds only for <paramref name="obj"/> (it was deleted), as Flux's <c>reconcileDelete</c>.</summary>
    public void Forget(OCIRepository obj) => cloud.Forget(obj);

    /// <summary>The registry of an <c>oci://</c> URL; null when the URL is invalid (the source step reports that as <c>URLInvalid</c>).</summary>
    private static string? TryParseRegistry(string url)
    {
        try
        {
            return RepositoryReference.ParseOciUrl(url).Registry;
        }
        catch (InvalidReferenceException)
        {
            return null;
        }
    }

    private static ReconcileError Auth(string message, Exception? inner = null) =>
        ReconcileError.Fetch(Reasons.AuthenticationFailed, message, inner);

    /// <summary>The value of <paramref name="key"/>, else of <paramref name="legacyKey"/> (presence decides, as fluxcd/pkg's getSecretData); null when neither exists.</summary>
    private static byte[]? Data(V1Secret secret, string key, string? legacyKey = null) =>
        secret.Data is not { } data ? null
        : data.TryGetValue(key, out var value) ? value ?? []
        : legacyKey is not null && data.TryGetValue(legacyKey, out var legacy) ? legacy ?? []
        : null;

    private static string Ref(V1Secret secret, string ns) => $"{ns}/{secret.Metadata.Name}";

    /// <summary>go-containerregistry's <c>k8schain.NewFromPullSecrets</c>: the Secret type decides which key is read.</summary>
    private static ICredentialStore Keychain(IReadOnlyList<V1Secret> pullSecrets, string ns)
    {
        var stores = new List<ICredentialStore>();
        foreach (var secret in pullSecrets)
        {
            var json = secret.Type switch
            {
                "kubernetes.io/dockerconfigjson" => Data(secret, ".dockerconfigjson"),
                "kubernetes.io/dockercfg" => Data(secret, ".dockercfg"),
                _ => null,
            };
            if (json is not { Length: > 0 })
            {
                continue;
            }

            try
            {
                stores.Add(DockerConfigCredentials.Parse(json));
            }
            catch (FormatException ex)
            {
                throw Auth($"failed to get credential: secret '{Ref(secret, ns)}': {ex.Message}", ex);
            }
        }

        return stores.Count switch
        {
            0 => AnonymousCredentials.Instance,
            1 => stores[0],
            _ => new FirstMatchCredentials(stores),
        };
    }

    /// <summary>fluxcd/pkg <c>PullSecretsFromServiceAccountRef</c>: every listed Secret must exist.</summary>
    private async Task<IReadOnlyList<V1Secret>> ServiceAccountPullSecretsAsync(string ns, string name, CancellationToken cancellationToken)
    {
        V1ServiceAccount account;
        try
        {
            account = await client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw Auth($"failed to get credential: serviceaccount '{ns}/{name}' not found", ex);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw Auth($"failed to get credential: failed to get serviceaccount '{ns}/{name}': {ApiServerStatus.Message(ex)}", ex);
        }

        var found = new List<V1Secret>();
        foreach (var pullSecret in account.ImagePullSecrets ?? [])
        {
            found.Add(await GetSecretAsync(ns, pullSecret.Name, $"failed to get credential: failed to get image pull secret for serviceaccount '{ns}/{name}'", cancellationToken));
        }

        return found;
    }

    /// <summary>fluxcd/pkg's <c>TLSConfigFromSecret</c> checks and texts; the CA is added to the system roots.</summary>
    private static RegistryTransportOptions WithTls(RegistryTransportOptions transport, V1Secret secret, string ns, string context)
    {
        var certificate = Data(secret, "tls.crt", "certFile");
        var key = Data(secret, "tls.key", "keyFile");
        var ca = Data(secret, "ca.crt", "caFile");
        var hasCertificate = certificate is { Length: > 0 };
        var hasKey = key is { Length: > 0 };
        var hasCa = ca is { Length: > 0 };
        if (hasCertificate != hasKey)
        {
            throw Auth(hasCertificate
                ? $"{context}: secret '{Ref(secret, ns)}' contains 'tls.crt' but missing 'tls.key'"
                : $"{context}: secret '{Ref(secret, ns)}' contains 'tls.key' but missing 'tls.crt'");
        }

        if (!hasCertificate && !hasCa)
        {
            throw Auth($"{context}: secret '{Ref(secret, ns)}' must contain either 'ca.crt' or both 'tls.crt' and 'tls.key'");
        }

        X509Certificate2? pair = null;
        if (hasCertificate)
        {
            try
            {
                pair = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(certificate!), Encoding.UTF8.GetString(key!));
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                throw Auth($"{context}: failed to parse TLS certificate and key: {ex.Message}", ex);
            }
        }

        X509Certificate2Collection? roots = null;
        if (hasCa)
        {
            roots = [];
            try
            {
                roots.ImportFromPem(Encoding.UTF8.GetString(ca!));
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                // As Go's AppendCertsFromPEM: nothing usable is one message, whatever the cause.
                _ = ex;
            }

            if (roots.Count == 0)
            {
                pair?.Dispose();
                throw Auth($"{context}: failed to parse CA certificate");
            }
        }

        return transport with { CaCertificates = roots, ClientCertificate = pair };
    }

    /// <summary>
    /// fluxcd/pkg's <c>ProxyURLFromSecret</c> checks and texts. The address is never quoted back (it may carry
    /// <c>user:password@</c>).
    /// </summary>
    private static RegistryTransportOptions WithProxy(RegistryTransportOptions transport, V1Secret secret, string ns)
    {
        const string Context = "failed to get proxy address";
        if (Data(secret, "address") is not { } bytes)
        {
            throw Auth($"{Context}: secret '{Ref(secret, ns)}': key 'address' not found");
        }

        var address = Encoding.UTF8.GetString(bytes);
        if (address.Length == 0)
        {
            throw Auth($"{Context}: secret '{Ref(secret, ns)}': proxy address is empty");
        }

        if (address.Length > MaxProxyUrlLength)
        {
            throw Auth($"{Context}: secret '{Ref(secret, ns)}': proxy URL exceeds maximum length of {MaxProxyUrlLength} characters");
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw Auth($"{Context}: secret '{Ref(secret, ns)}': failed to parse proxy address");
        }

        if (uri.Scheme is not ("http" or "https" or "socks5"))
        {
            throw Auth($"{Context}: secret '{Ref(secret, ns)}': proxy URL must use one of the supported schemes (http, https, socks5), got '{uri.Scheme}'");
        }

        var username = Data(secret, "username");
        var password = Data(secret, "password");
        return transport with
        {
            Proxy = uri,
            ProxyCredentials = username is null ? null : new NetworkCredential(Encoding.UTF8.GetString(username), password is null ? string.Empty : Encoding.UTF8.GetString(password)),
        };
    }

    /// <summary>A Secret, with fluxcd/pkg's <c>getSecret</c> texts after <paramref name="context"/>: <c>secret '&lt;ns&gt;/&lt;name&gt;' not found</c>, or <c>failed to get secret …: &lt;API error&gt;</c>.</summary>
    private async Task<V1Secret> GetSecretAsync(string ns, string name, string context, CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.ReadAsync(ns, name, cancellationToken);
        }
        catch (SecretReadException ex) when (ex.NotFound)
        {
            throw Auth($"{context}: secret '{ns}/{name}' not found", ex);
        }
        catch (SecretReadException ex)
        {
            throw Auth($"{context}: {ex.Message}", ex);
        }
    }
}
