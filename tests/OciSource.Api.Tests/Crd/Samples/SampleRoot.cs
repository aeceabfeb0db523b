using System.Text.Json.Serialization;
using k8s.Models;

namespace OciSource.Api.Tests.Crd.Samples;

/// <summary>One property of each shape <see cref="SchemaAgreement"/> knows, compared by SchemaAgreementTests against hand-written schemas.</summary>
internal sealed record SampleRoot
{
    [JsonPropertyName("metadata")]
    public V1ObjectMeta? Metadata { get; init; }

    [JsonPropertyName("when")]
    public DateTime When { get; init; }

    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("leaves")]
    public IList<SampleLeaf>? Leaves { get; init; }

    [JsonPropertyName("port")]
    public IntOrString? Port { get; init; }

    /// <summary>No attribute: named by the serializer's naming policy (<c>camelCased</c>).</summary>
    public string? CamelCased { get; init; }
}
