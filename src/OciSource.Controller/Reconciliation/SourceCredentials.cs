using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Distribution.Auth;
using OciSource.Distribution.Transport;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// Builds the registry credentials and transport of one OCIRepository from its Secrets, as Flux does:
/// <c>secretRef</c> (<c>.dockerconfigjson</c> or legacy <c>.dockercfg</c>) plus the image pull secrets of
/// <c>serviceAccountName</c>; <c>certSecretRef</c> (<c>tls.crt</c>+<c>tls.key</c> and/or <c>ca.crt</c>, legacy
/// <c>certFile</c>/<c>keyFile</c>/<c>caFile</c>); <c>proxySecretRef</c> (<c>address</c>, <c>username</c>,
/// <c>password</c>); <c>insecure</c>. Secrets are read through the <see cref="SecretReader"/> given: fresh (uncached)
/// every time, or from its informer cache under Flux's <c>CacheSecretsAndConfigMaps</c> gate.
/// </summary>
/// <exception cref="ReconcileError">Reason <c>AuthenticationFailed</c>: a Secret or ServiceAccount is missing, malformed,
/// or may not be read (401/403, with the API server's own message).</exception>
internal sealed class SourceCredentials(IKubernetes client, SecretReader secrets)
{
    /// <summary>Reads every Secret with a GET.</summary>
    public SourceCredentials(IKubernetes client)
        : this(client, new SecretReader(client))
    {
    }

    public async Task<(ICredentialStore Credentials, RegistryTransportOptions Transport)> LoadAsync(OCIRepository obj, CancellationToken cancellationToken)
    {
        var ns = obj.Metadata.NamespaceProperty;
        var spec = obj.Spec;
        var stores = new List<ICredentialStore>();
        if (spec.SecretRef is { } secretRef)
        {
            var secret = await ReadSecretAsync(ns, secretRef.Name, "failed to get credential", cancellationToken);
            stores.Add(DockerConfig(secret, ns));
        }

        if (!string.IsNullOrEmpty(spec.ServiceAccountName))
        {
            V1ServiceAccount account;
            try
            {
                account = await client.CoreV1.ReadNamespacedServiceAccountAsync(spec.ServiceAccountName, ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                throw Auth($"failed to get credential: failed to get service account '{ns}/{spec.ServiceAccountName}': serviceaccounts \"{spec.ServiceAccountName}\" not found", ex);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            {
                throw Auth($"failed to get credential: failed to get service account '{ns}/{spec.ServiceAccountName}': {ApiServerStatus.Message(ex)}", ex);
            }

            foreach (var pullSecret in account.ImagePullSecrets ?? [])
            {
                var secret = await ReadSecretAsync(ns, pullSecret.Name, "failed to get credential", cancellationToken);
                stores.Add(DockerConfig(secret, ns));
            }
        }

        var transport = new RegistryTransportOptions { Insecure = spec.Insecure };
        if (spec.CertSecretRef is { } certRef)
        {
            var secret = await ReadSecretAsync(ns, certRef.Name, $"failed to generate transport for '{spec.Url}'", cancellationToken);
            transport = WithTls(transport, secret, ns, spec.Url);
        }

        if (spec.ProxySecretRef is { } proxyRef)
        {
            var secret = await ReadSecretAsync(ns, proxyRef.Name, "failed to get proxy address", cancellationToken);
            transport = WithProxy(transport, secret, ns);
        }

        return (stores.Count switch
        {
            0 => AnonymousCredentials.Instance,
            1 => stores[0],
            _ => new FirstMatchCredentials(stores),
        }, transport);
    }

    private static ReconcileError Auth(string message, Exception? inner = null) =>
        ReconcileError.Fetch(Reasons.AuthenticationFailed, message, inner);

    private static byte[]? Bytes(V1Secret secret, string key) =>
        secret.Data is { } data && data.TryGetValue(key, out var bytes) ? bytes : null;

    private static string? Text(V1Secret secret, string key) => Bytes(secret, key) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    private static DockerConfigCredentials DockerConfig(V1Secret secret, string ns)
    {
        var json = Bytes(secret, ".dockerconfigjson") ?? Bytes(secret, ".dockercfg");
        if (json is null)
        {
            throw Auth($"failed to get credential: secret '{ns}/{secret.Metadata.Name}' has no '.dockerconfigjson' (or '.dockercfg') key");
        }

        try
        {
            return DockerConfigCredentials.Parse(json);
        }
        catch (FormatException ex)
        {
            throw Auth($"failed to get credential: secret '{ns}/{secret.Metadata.Name}': {ex.Message}", ex);
        }
    }

    private static RegistryTransportOptions WithTls(RegistryTransportOptions transport, V1Secret secret, string ns, string url)
    {
        var certificate = Text(secret, "tls.crt") ?? Text(secret, "certFile");
        var key = Text(secret, "tls.key") ?? Text(secret, "keyFile");
        var ca = Text(secret, "ca.crt") ?? Text(secret, "caFile");
        var where = $"failed to generate transport for '{url}': secret '{ns}/{secret.Metadata.Name}'";
        if ((certificate is null) != (key is null))
        {
            throw Auth($"{where}: 'tls.crt' and 'tls.key' must be given together");
        }

        if (certificate is null && ca is null)
        {
            throw Auth($"{where}: needs a 'tls.crt'/'tls.key' pair or a 'ca.crt'");
        }

        try
        {
            var roots = new X509Certificate2Collection();
            if (ca is not null)
            {
                roots.ImportFromPem(ca);
            }

            return transport with
            {
                CaCertificates = roots.Count > 0 ? roots : null,
                ClientCertificate = certificate is null ? null : X509Certificate2.CreateFromPem(certificate, key),
            };
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw Auth($"{where}: the certificate or key is not valid PEM", ex);
        }
    }

    private static RegistryTransportOptions WithProxy(RegistryTransportOptions transport, V1Secret secret, string ns)
    {
        var address = Text(secret, "address");
        if (string.IsNullOrEmpty(address))
        {
            throw Auth($"failed to get proxy address: secret '{ns}/{secret.Metadata.Name}' has no 'address'");
        }

        if (address.Length > 2048 || !Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "socks5"))
        {
            throw Auth($"failed to get proxy address: secret '{ns}/{secret.Metadata.Name}': 'address' must be an http, https or socks5 URL");
        }

        var username = Text(secret, "username");
        return transport with
        {
            Proxy = uri,
            ProxyCredentials = string.IsNullOrEmpty(username) ? null : new NetworkCredential(username, Text(secret, "password")),
        };
    }

    private async Task<V1Secret> ReadSecretAsync(string ns, string name, string context, CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.ReadAsync(ns, name, cancellationToken);
        }
        catch (SecretReadException ex)
        {
            throw Auth($"{context}: {ex.Message}", ex);
        }
    }
}
