using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using OciSource.Api.V1;

namespace OciSource.Api.V1Beta2;

/// <summary>
/// <c>source.toolkit.fluxcd.io/v1beta2</c> <c>OCIRepository</c>: served (deprecated) so Flux manifests apply
/// unchanged; the API server stores it as v1 (same spec), so the controller reads every object as v1.
/// </summary>
public sealed class OCIRepository : IKubernetesObject<V1ObjectMeta>, ISpec<OCIRepositorySpec>, IStatus<OCIRepositoryStatus?>
{
    public const string Version = "v1beta2";
    public const string ApiVersionValue = SourceApi.Group + "/" + Version;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiVersionValue;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SourceApi.Kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public OCIRepositorySpec Spec { get; set; } = new() { Url = string.Empty, Interval = string.Empty };

    [JsonPropertyName("status")]
    public OCIRepositoryStatus? Status { get; set; }
}
