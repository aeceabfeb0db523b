using OciSource.Distribution.Auth;

namespace OciSource.Controller.Reconciliation;

/// <summary>Several credential sources (the secretRef, then the ServiceAccount's pull secrets); the first that knows the registry wins.</summary>
internal sealed class FirstMatchCredentials(IReadOnlyList<ICredentialStore> stores) : ICredentialStore
{
    public RegistryCredential? Find(string registry, string repository) =>
        stores.Select(s => s.Find(registry, repository)).FirstOrDefault(c => c is not null);
}
