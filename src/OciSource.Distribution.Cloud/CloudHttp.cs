using System.Net;
using System.Security.Cryptography;
using System.Text;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Cloud;

/// <summary>
/// How a provider reaches the network for one object: its <c>proxySecretRef</c> (Flux passes it to provider token
/// requests). Never the object's TLS settings: a tenant's CA must not receive the controller's cloud tokens.
/// </summary>
public sealed record CloudHttp
{
    /// <summary>The object's proxy for provider endpoints; null uses the environment (<c>HTTPS_PROXY</c>, <c>NO_PROXY</c>). Never shown.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>The proxy's username and password; never shown.</summary>
    public NetworkCredential? ProxyCredentials { get; init; }

    /// <summary>Time to connect to a provider endpoint.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Tells apart the network paths of two objects (the proxy address and a hash of its credential), so a cache or an
    /// SDK client built for one proxy is never used for another; holds no secret.
    /// </summary>
    public string Key
    {
        get
        {
            if (Proxy is null)
            {
                return "proxy=environment";
            }

            var (address, credentials) = ProxyAddress.Split(Proxy, ProxyCredentials);
            var secret = credentials is null ? string.Empty : credentials.UserName + "\0" + credentials.Password;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)).AsSpan(0, 8));
            return $"proxy={address};credential={hash}";
        }
    }

    /// <summary>
    /// A new handler for provider endpoints (the caller owns it): the proxy, system trust plus <paramref name="extraRoots"/>
    /// when given (a provider setting, e.g. a private cloud's authority CA), no redirects followed.
    /// </summary>
    public SocketsHttpHandler CreateProviderHandler(System.Security.Cryptography.X509Certificates.X509Certificate2Collection? extraRoots = null) =>
        RegistryHttpHandlers.CreateForProxy(Proxy, ProxyCredentials, ConnectTimeout, extraRoots);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Key = ").Append(Key);
        return true;
    }
}
