using OciSource.Distribution.Content;

namespace OciSource.Distribution.Client;

/// <summary>Resolves a tag to the descriptor of the manifest or index it points to.</summary>
public interface IManifestResolver
{
    /// <summary>HEAD (<c>Docker-Content-Digest</c>), falling back to GET and hashing the body on any HEAD failure.</summary>
    /// <remarks>Errors: RegistryNotFoundException, RegistryUnauthorizedException, RegistryException.</remarks>
    Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken);
}
