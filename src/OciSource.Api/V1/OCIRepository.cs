namespace OciSource.Api.V1;

/// <summary><c>source.toolkit.fluxcd.io/v1</c> <c>OCIRepository</c>, the storage version.</summary>
public sealed class OCIRepository() : OCIRepositoryObject<OCIRepositoryStatus>(ApiVersionValue)
{
    public const string Version = "v1";
    public const string ApiVersionValue = SourceApi.Group + "/" + Version;
}
