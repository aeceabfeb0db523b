namespace OciSource.Distribution.Auth;

/// <summary>Finds the credentials for a registry (anonymous when none).</summary>
public interface ICredentialStore
{
    /// <summary>The credential for <paramref name="registry"/> (<c>host[:port]</c>) and repository, or null.</summary>
    RegistryCredential? Find(string registry, string repository);
}
