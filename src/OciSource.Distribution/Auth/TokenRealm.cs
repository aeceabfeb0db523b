using System.Net;
using System.Net.Sockets;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Auth;

/// <summary>
/// Which token realms a Bearer challenge may name (as go-containerregistry's <c>validateRealmURL</c>): an absolute
/// <c>https</c> URL, or <c>http</c> only when the registry itself answered over plain HTTP; never an IP literal that is
/// link-local (169.254.0.0/16, fe80::/10, also IPv4-mapped), unspecified, link-local multicast, or the IPv6 cloud
/// metadata address — where instance metadata services hand out cloud credentials. Host names are not resolved.
/// </summary>
internal static class TokenRealm
{
    private static readonly IPAddress MetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>The realm of <paramref name="challenge"/>, checked against the registry request that got it.</summary>
    /// <exception cref="RegistryUnauthorizedException">The realm is missing, malformed or not allowed; the message names the realm without query or user info.</exception>
    public static Uri Validate(AuthenticationChallenge challenge, Uri registry)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new RegistryUnauthorizedException($"the registry {registry.Authority} sent a Bearer challenge without a usable realm URL");
        }

        if (realm.Scheme == Uri.UriSchemeHttp && registry.Scheme == Uri.UriSchemeHttps)
        {
            throw new RegistryUnauthorizedException(
                $"the registry {registry.Authority} answered over https but names the plain-http token realm {Display(realm)}; refused: credentials for an https registry are only sent over https");
        }

        if (IsForbiddenAddress(realm))
        {
            throw new RegistryUnauthorizedException(
                $"the registry {registry.Authority} names the token realm {Display(realm)}, a link-local, unspecified or metadata address; refused");
        }

        return realm;
    }

    /// <summary>Scheme, authority and path: never user info or query.</summary>
    public static string Display(Uri realm) => $"{realm.Scheme}://{realm.Authority}{realm.AbsolutePath}";

    private static bool IsForbiddenAddress(Uri realm)
    {
        if (realm.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(realm.Host.Trim('[', ']'), out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return (bytes[0] == 169 && bytes[1] == 254) || address.Equals(IPAddress.Any) || (bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0);
        }

        address.ScopeId = 0;
        return address.IsIPv6LinkLocal || address.Equals(IPAddress.IPv6Any) || address.Equals(MetadataV6)
            || (address.IsIPv6Multicast && (address.GetAddressBytes()[1] & 0x0f) == 0x02);
    }
}
