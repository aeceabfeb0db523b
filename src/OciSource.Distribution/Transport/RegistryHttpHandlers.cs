namespace OciSource.Distribution.Transport;

/// <summary>
/// The socket-level handler the registry client uses, for callers outside the OCI API (a cloud provider's token
/// endpoints): the same proxy handling and certificate checks; no automatic redirects, no decompression, no plain-HTTP
/// fallback, no authentication.
/// </summary>
public static class RegistryHttpHandlers
{
    /// <summary>
    /// A handler that goes through <paramref name="proxy"/> (never bypassed, <c>user:password@</c> in it used as the proxy
    /// credential unless <paramref name="credentials"/> are given), or through the environment's proxy
    /// (<c>HTTPS_PROXY</c>, <c>NO_PROXY</c>) when null. System trust, plus <paramref name="extraRoots"/> when given (host
    /// names still checked); redirects not followed. The caller owns it.
    /// </summary>
    public static SocketsHttpHandler CreateForProxy(
        Uri? proxy, System.Net.NetworkCredential? credentials, TimeSpan connectTimeout, System.Security.Cryptography.X509Certificates.X509Certificate2Collection? extraRoots = null) =>
        PrimaryHandlerFactory.Create(new RegistryTransportOptions { Proxy = proxy, ProxyCredentials = credentials, ConnectTimeout = connectTimeout, CaCertificates = extraRoots });
}
