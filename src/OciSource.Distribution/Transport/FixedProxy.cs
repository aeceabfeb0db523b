using System.Net;

namespace OciSource.Distribution.Transport;

/// <summary>
/// A proxy used for every destination, loopback included (Flux's <c>proxySecretRef</c> proxies everything;
/// <see cref="WebProxy"/> would silently bypass loopback addresses).
/// </summary>
internal sealed class FixedProxy(Uri address, NetworkCredential? credentials) : IWebProxy
{
    public ICredentials? Credentials { get; set; } = credentials;

    public Uri GetProxy(Uri destination) => address;

    public bool IsBypassed(Uri host) => false;
}
