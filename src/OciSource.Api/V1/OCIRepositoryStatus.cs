using System.Text.Json.Serialization;

namespace OciSource.Api.V1;

/// <summary>The observed state, field for field as Flux's <c>OCIRepositoryStatus</c>.</summary>
public record OCIRepositoryStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; init; }

    [JsonPropertyName("conditions")]
    public IList<k8s.Models.V1Condition>? Conditions { get; init; }

    /// <summary>The <c>latest.tar.gz</c> alias of the current artifact.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("artifact")]
    public Artifact? Artifact { get; init; }

    /// <summary><c>spec.ignore</c> at the last archive.</summary>
    [JsonPropertyName("observedIgnore")]
    public string? ObservedIgnore { get; init; }

    /// <summary><c>spec.layerSelector</c> at the last archive.</summary>
    [JsonPropertyName("observedLayerSelector")]
    public OCILayerSelector? ObservedLayerSelector { get; init; }

    /// <summary>The last <c>reconcile.fluxcd.io/requestedAt</c> value handled.</summary>
    [JsonPropertyName("lastHandledReconcileAt")]
    public string? LastHandledReconcileAt { get; init; }
}
