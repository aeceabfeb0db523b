using System.Net;
using System.Text;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Distribution.Transport;

/// <summary>How to connect to a registry: TLS trust, client certificate, proxy, timeouts.</summary>
public sealed record RegistryTransportOptions
{
    /// <summary>
    /// Flux's <c>spec.insecure</c>: plain HTTP is allowed (tried only when the HTTPS connection meets a server that
    /// speaks no TLS, never after a failed certificate check), and TLS certificates are not verified — but only when
    /// neither <see cref="CaCertificates"/> nor <see cref="ClientCertificate"/> is given (Flux: no <c>certSecretRef</c>
    /// at all); with either, verification stays on.
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>Extra trusted roots, added to (not replacing) the system trust store. Owned by the caller.</summary>
    public X509Certificate2Collection? CaCertificates { get; init; }

    /// <summary>A client certificate with its private key for mutual TLS. Owned by the caller.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// An <c>http</c>, <c>https</c> or <c>socks5</c> proxy; null uses the environment (<c>HTTPS_PROXY</c>, <c>NO_PROXY</c>).
    /// <c>user:password@</c> in it is used as the proxy credential unless <see cref="ProxyCredentials"/> is given, and
    /// never shown: not in errors, logs or <see cref="ToString"/>.
    /// </summary>
    public Uri? Proxy { get; init; }

    /// <summary>The proxy's username and password; shown nowhere.</summary>
    public NetworkCredential? ProxyCredentials { get; init; }

    /// <summary>Time to establish a connection, TLS handshake included.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest wait for the next byte from the registry: for the response headers of each attempt (connection and TLS
    /// handshake included; retried as a connection failure) and for each read of a body (a blob resumes, anything else
    /// fails). The one bound on a download that keeps delivering, however long it runs. Applied per client, so it
    /// does not affect <see cref="IsDefault"/>.
    /// </summary>
    public TimeSpan ReadIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>True when nothing here differs from the defaults, so a shared connection pool can serve the client.</summary>
    public bool IsDefault =>
        CaCertificates is not { Count: > 0 } && ClientCertificate is null && Proxy is null && ConnectTimeout == TimeSpan.FromSeconds(30);

    /// <summary>The record's text: the proxy without user info, and whether proxy credentials are set, never their values.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Insecure = ").Append(Insecure)
            .Append(", CaCertificates = ").Append(CaCertificates?.Count ?? 0)
            .Append(", ClientCertificate = ").Append(ClientCertificate is null ? "none" : ClientCertificate.Subject)
            .Append(", Proxy = ").Append(Proxy is null ? "environment" : ProxyAddress.WithoutUserInfo(Proxy).ToString())
            .Append(", ProxyCredentials = ").Append(ProxyCredentials is null && Proxy?.UserInfo is not { Length: > 0 } ? "none" : "(set)")
            .Append(", ConnectTimeout = ").Append(ConnectTimeout)
            .Append(", ReadIdleTimeout = ").Append(ReadIdleTimeout);
        return true;
    }
}
