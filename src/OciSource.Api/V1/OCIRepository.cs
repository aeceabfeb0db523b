using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace OciSource.Api.V1;

/// <summary><c>source.toolkit.fluxcd.io/v1</c> <c>OCIRepository</c>, the storage version.</summary>
public sealed class OCIRepository : IKubernetesObject<V1ObjectMeta>, ISpec<OCIRepositorySpec>, IStatus<OCIRepositoryStatus?>
{
    public const string Version = "v1";
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
