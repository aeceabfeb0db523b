using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using OciSource.Api.V1;

namespace OciSource.Api;

/// <summary>What both served versions of <c>OCIRepository</c> share: the same spec, a version-specific status.</summary>
public abstract class OCIRepositoryObject<TStatus> : IKubernetesObject<V1ObjectMeta>, ISpec<OCIRepositorySpec>, IStatus<TStatus?>
    where TStatus : class
{
    protected OCIRepositoryObject(string apiVersion) => ApiVersion = apiVersion;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SourceApi.Kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public OCIRepositorySpec Spec { get; set; } = new() { Url = string.Empty, Interval = string.Empty };

    [JsonPropertyName("status")]
    public TStatus? Status { get; set; }
}
