using System.Text.Json.Serialization;
using OciSource.Runtime.Status;

namespace OciSource.Runtime.Tests.Support;

public sealed class TestOciRepositoryStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    [JsonPropertyName("lastHandledReconcileAt")]
    public string? LastHandledReconcileAt { get; set; }
}
