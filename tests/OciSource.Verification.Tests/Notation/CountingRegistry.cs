using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.Referrers;

namespace OciSource.Verification.Tests.Notation;

/// <summary>Passes registry calls to real components and counts them.</summary>
internal sealed class CountingRegistry(IManifestFetcher manifests, IBlobFetcher blobs, IReferrersLister referrers)
    : IManifestFetcher, IBlobFetcher, IReferrersLister
{
    public int Calls { get; private set; }

    public Task<ManifestContent> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        Calls++;
        return manifests.GetManifestAsync(reference, cancellationToken);
    }

    public Task<Stream> OpenBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        Calls++;
        return blobs.OpenBlobAsync(descriptor, cancellationToken);
    }

    public Task<IReadOnlyList<Descriptor>> ListAsync(Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        Calls++;
        return referrers.ListAsync(subject, artifactType, cancellationToken);
    }
}
