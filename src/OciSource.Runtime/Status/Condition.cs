using System.Text.Json.Serialization;

namespace OciSource.Runtime.Status;

/// <summary>metav1.Condition: one aspect of an object's state, as kstatus and Flux read it.</summary>
public sealed record Condition
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>The object's <c>metadata.generation</c> when the condition was set.</summary>
    [JsonPropertyName("observedGeneration")]
    public long ObservedGeneration { get; init; }

    /// <summary>UTC, whole seconds; changes when status, reason or message changes.</summary>
    [JsonPropertyName("lastTransitionTime")]
    public DateTime LastTransitionTime { get; init; }

    /// <summary>CamelCase reason, e.g. <c>Succeeded</c>.</summary>
    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    /// <summary>Human-readable; at most <see cref="Conditions.MaxMessageLength"/> characters.</summary>
    [JsonPropertyName("message")]
    public string Message { get; init; } = string.Empty;
}
