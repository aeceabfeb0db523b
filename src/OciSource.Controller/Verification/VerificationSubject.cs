using OciSource.Distribution.Client;
using OciSource.Distribution.Content;
using OciSource.Distribution.References;

namespace OciSource.Controller.Verification;

/// <summary>The manifest whose signatures are checked, and the client (with the object's auth, TLS and proxy) to find them.</summary>
/// <param name="Client">The object's registry client; verification reuses its credentials and transport (Flux #915).</param>
/// <param name="Repository">The repository, for notation's scope.</param>
/// <param name="Digest">The resolved digest: signatures must name it.</param>
internal sealed record VerificationSubject(RegistryClient Client, RepositoryReference Repository, Digest Digest)
{
    /// <summary><c>&lt;registry&gt;/&lt;repository&gt;@&lt;digest&gt;</c>, as Flux names the reference in its messages.</summary>
    public string Display => $"{Repository}@{Digest}";
}
