using System.Net;

namespace OciSource.Distribution.Transport;

/// <summary>
/// A proxy URL may carry its credentials as <c>user:password@</c>. .NET never uses them and writes the URL it was
/// given into its error messages, so the user info is moved into a credential and dropped from the address before
/// the URL reaches the HTTP stack, any message or any log.
/// </summary>
public static class ProxyAddress
{
    /// <summary>
    /// The proxy address without user info, and the credential to answer it with: <paramref name="credentials"/> when
    /// given (as Flux, a separate username wins), else the URL's decoded user info, else none.
    /// </summary>
    public static (Uri Address, NetworkCredential? Credentials) Split(Uri proxy, NetworkCredential? credentials)
    {
        if (proxy.UserInfo.Length == 0)
        {
            return (proxy, credentials);
        }

        var colon = proxy.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? proxy.UserInfo : proxy.UserInfo[..colon]);
        var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(proxy.UserInfo[(colon + 1)..]);
        return (WithoutUserInfo(proxy), credentials ?? new NetworkCredential(user, password));
    }

    /// <summary><paramref name="proxy"/> without <c>user:password@</c>.</summary>
    public static Uri WithoutUserInfo(Uri proxy) =>
        proxy.UserInfo.Length == 0 ? proxy : new UriBuilder(proxy) { UserName = string.Empty, Password = string.Empty }.Uri;
}
