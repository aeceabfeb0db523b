using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>TLS trust for the provider endpoints when <see cref="AzureProviderSettings.AuthorityRootCertificates"/> are given: the system's, then those roots.</summary>
internal static class AuthorityTrust
{
    /// <summary>Adds <paramref name="roots"/> to the system trust of <paramref name="handler"/> (the host name is still checked); none leaves it unchanged.</summary>
    public static void Apply(SocketsHttpHandler handler, X509Certificate2Collection? roots)
    {
        if (roots is not { Count: > 0 })
        {
            return;
        }

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            errors == SslPolicyErrors.None
            || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null && ChainsTo(roots, certificate, chain));
    }

    private static bool ChainsTo(X509Certificate2Collection roots, X509Certificate certificate, X509Chain? chain)
    {
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
