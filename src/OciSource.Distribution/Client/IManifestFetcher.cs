
namespace OciSource.Distribution.Client;

/// <summary>Fetches manifests and indexes, verifying digest and size limit.</summary>
public interface IManifestFetcher
{
    /// <summary>The document for a tag or digest; by digest, the bytes must hash to it; by tag, to the registry's <c>Docker-Content-Digest</c> when sent.</summary>
    /// <remarks>Errors: DigestMismatchException, ContentTooLargeException, UnsupportedManifestException (schema 1, unknown type), RegistryNotFoundException, RegistryException.</remarks>
    Task<ManifestContent> GetManifestAsync(string reference, CancellationToken cancellationToken);
}
