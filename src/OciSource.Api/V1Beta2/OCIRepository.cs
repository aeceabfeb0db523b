namespace OciSource.Api.V1Beta2;

/// <summary>
/// <c>source.toolkit.fluxcd.io/v1beta2</c> <c>OCIRepository</c>: served (deprecated) so Flux manifests apply
/// unchanged; the API server stores it as v1 (same spec), so the controller reads every object as v1. Its CRD schema
/// lists every v1 spec field (v1's <c>verify.trustedRootSecretRef</c> included), so a v1beta2 write prunes none.
/// </summary>
public sealed class OCIRepository() : OCIRepositoryObject<OCIRepositoryStatus>(ApiVersionValue)
{
    public const string Version = "v1beta2";
    public const string ApiVersionValue = SourceApi.Group + "/" + Version;
}
