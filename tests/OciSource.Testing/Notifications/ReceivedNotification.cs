using System.Text.Json;

namespace OciSource.Testing.Notifications;

/// <summary>One POST the <see cref="NotificationReceiver"/> got: its path, Content-Type, JSON body and the status it answers with.</summary>
public sealed record ReceivedNotification(string Path, string? ContentType, JsonElement Body, int Answer)
{
    /// <summary>A top-level string field of the body, or null.</summary>
    public string? Field(string name) => Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The body's <c>metadata</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata =>
        Body.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty)
            : new Dictionary<string, string>();
}
