using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Distribution.Transport;

/// <summary>Builds the socket-level handler: TLS trust rules, client certificate, proxy, no automatic redirects.</summary>
internal static class PrimaryHandlerFactory
{
    public static SocketsHttpHandler Create(RegistryTransportOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // Redirects are followed by RedirectHandler, which never forwards credentials to another host.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            EnableMultipleHttp2Connections = true,
            UseCookies = false,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = CreateValidator(options);
        if (options.ClientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [options.ClientCertificate];
        }

        if (options.Proxy is not null)
        {
            handler.UseProxy = true;
            var (address, credentials) = ProxyAddress.Split(options.Proxy, options.ProxyCredentials);
            handler.Proxy = new FixedProxy(address, credentials);
        }

        return handler;
    }

    /// <summary>
    /// System trust first; then, if a CA bundle is given, a chain built to one of its roots (host name still
    /// checked); with <c>insecure</c> and neither a CA nor a client certificate (Flux: no <c>certSecretRef</c> at all),
    /// anything (Flux's only <c>InsecureSkipVerify</c>). A certificate that
    /// fails throws <see cref="CertificateRejectedException"/> (not a bare false), so the failure is told apart from a
    /// server that does not speak TLS.
    /// </summary>
    internal static RemoteCertificateValidationCallback CreateValidator(RegistryTransportOptions options)
    {
        var roots = options.CaCertificates;
        var skipVerify = options.Insecure && roots is not { Count: > 0 } && options.ClientCertificate is null;
        return (sender, certificate, chain, errors) =>
            errors == SslPolicyErrors.None || skipVerify || ChainsToCustomRoot(roots, certificate, chain, errors)
                ? true
                : throw new CertificateRejectedException((sender as SslStream)?.TargetHostName, errors);
    }

    /// <summary>True when <paramref name="roots"/> are given, the only error is the chain, and the chain builds to one of them.</summary>
    private static bool ChainsToCustomRoot(X509Certificate2Collection? roots, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (roots is not { Count: > 0 } || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
