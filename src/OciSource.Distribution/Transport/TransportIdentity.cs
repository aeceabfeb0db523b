using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OciSource.Distribution.Transport;

/// <summary>
/// What decides which server a client really talks to and what it trusts: certificate verification on or off, the
/// CA roots, the client certificate, the proxy and its credential. Two clients share learned challenges, tokens and
/// scheme decisions only when their identities are equal, so a tenant's proxy or CA cannot teach another tenant's
/// client anything. Holds hashes only, never a secret.
/// </summary>
internal static class TransportIdentity
{
    /// <summary>A string equal for two transports exactly when they connect the same way.</summary>
    public static string Of(RegistryTransportOptions options)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"insecure={options.Insecure};ca=");
        foreach (var root in (options.CaCertificates ?? []).Select(c => Hash(c.RawData)).Order(StringComparer.Ordinal))
        {
            text.Append(root).Append(',');
        }

        text.Append(";cert=").Append(options.ClientCertificate is { } certificate ? Hash(certificate.RawData) : "none");
        if (options.Proxy is null)
        {
            return text.Append(";proxy=environment").ToString();
        }

        var (address, credentials) = ProxyAddress.Split(options.Proxy, options.ProxyCredentials);
        text.Append(";proxy=").Append(address.AbsoluteUri).Append(";proxyauth=")
            .Append(credentials is null ? "none" : Hash(Encoding.UTF8.GetBytes($"{credentials.UserName}\0{credentials.Password}\0{credentials.Domain}")));
        return text.ToString();
    }

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
