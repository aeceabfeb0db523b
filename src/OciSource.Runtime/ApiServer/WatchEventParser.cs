using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using OciSource.Runtime.Informer;

namespace OciSource.Runtime.ApiServer;

/// <summary>Reads one line of a watch stream: <c>{"type": "ADDED", "object": {…}}</c>.</summary>
internal static class WatchEventParser
{
    /// <summary>
    /// The event's type and object; for an <c>ERROR</c> event the object is not read and the server's
    /// <see cref="V1Status"/> comes back as a <see cref="KubernetesException"/> instead.
    /// </summary>
    /// <exception cref="JsonException">The line is not a watch event.</exception>
    public static (WatchEventType Type, T? Object, KubernetesException? Error) Parse<T>(ReadOnlySequence<byte> line, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a watch event is not a JSON object");
        }

        string? type = null;
        var objectAt = default(Utf8JsonReader);
        var hasObject = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                // Kept, so the object is read once its type is known, whatever the order of the two properties.
                objectAt = reader;
                hasObject = true;
                reader.Read();
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasObject)
        {
            throw new JsonException($"a watch event of type '{type}' has no object");
        }

        var at = objectAt;
        at.Read();
        var eventType = type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            _ => throw new JsonException($"unknown watch event type '{type}'"),
        };
        if (eventType == WatchEventType.Error)
        {
            var status = JsonSerializer.Deserialize(ref at, StatusSourceGenerationContext.Default.V1Status);
            return (eventType, null, new KubernetesException(status ?? new V1Status { Message = "watch error without a status" }));
        }

        var obj = JsonSerializer.Deserialize(ref at, typeInfo) ?? throw new JsonException($"a watch event of type '{type}' has a null object");
        return (eventType, obj, null);
    }
}
