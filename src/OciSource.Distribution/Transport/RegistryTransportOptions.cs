using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Distribution.Transport;

/// <summary>How to connect to a registry: TLS trust, client certificate, proxy, timeouts.</summary>
public sealed record RegistryTransportOptions
{
    /// <summary>
    /// Flux's <c>spec.insecure</c>: plain HTTP is allowed (tried after HTTPS fails), and TLS certificates are not
    /// verified — but only when <see cref="CaCertificates"/> is empty; with a CA, verification stays on.
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>Extra trusted roots, added to (not replacing) the system trust store. Owned by the caller.</summary>
    public X509Certificate2Collection? CaCertificates { get; init; }

    /// <summary>A client certificate with its private key for mutual TLS. Owned by the caller.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>An <c>http</c>, <c>https</c> or <c>socks5</c> proxy; null uses the environment (<c>HTTPS_PROXY</c>, <c>NO_PROXY</c>).</summary>
    public Uri? Proxy { get; init; }

    public NetworkCredential? ProxyCredentials { get; init; }

    /// <summary>Time to establish a connection, TLS handshake included.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True when nothing here differs from the defaults, so a shared connection pool can serve the client.</summary>
    public bool IsDefault =>
        CaCertificates is not { Count: > 0 } && ClientCertificate is null && Proxy is null && ConnectTimeout == TimeSpan.FromSeconds(30);
}
