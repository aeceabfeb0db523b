namespace OciSource.Distribution.Auth;

/// <summary>One credential, used only for <paramref name="ownerRegistry"/> (never for another host, e.g. after a redirect).</summary>
public sealed class StaticCredentials(string ownerRegistry, RegistryCredential credential) : ICredentialStore
{
    public RegistryCredential? Find(string registry, string repository) =>
        RegistryHostNames.Canonical(registry).Equals(RegistryHostNames.Canonical(ownerRegistry), StringComparison.OrdinalIgnoreCase)
            ? credential
            : null;
}
