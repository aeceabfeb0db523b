namespace OciSource.Distribution.Auth;

/// <summary>No credentials for any registry.</summary>
public sealed class AnonymousCredentials : ICredentialStore
{
    public static readonly AnonymousCredentials Instance = new();

    private AnonymousCredentials()
    {
    }

    public RegistryCredential? Find(string registry, string repository) => null;
}
