using System.Text.Json.Serialization;

namespace OciSource.Runtime.Events;

/// <summary>Source-generated JSON for <see cref="NotificationEvent"/> (no reflection: trimming and Native AOT safe); nulls omitted.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NotificationEvent))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
