using OciSource.Distribution.Transport;

namespace OciSource.Controller.Reconciliation;

/// <summary>Disposes the certificates a reconcile loaded from its Secrets once the registry client is done with them.</summary>
internal sealed class CertificateOwner(RegistryTransportOptions transport) : IDisposable
{
    public void Dispose()
    {
        transport.ClientCertificate?.Dispose();
        foreach (var certificate in transport.CaCertificates ?? [])
        {
            certificate.Dispose();
        }
    }
}
