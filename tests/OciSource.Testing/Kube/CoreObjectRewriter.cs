using System.Text;
using System.Text.Json.Nodes;

namespace OciSource.Testing.Kube;

/// <summary>
/// Translates core/v1 objects to and from their storage form in <see cref="CoreApiFront.StorageGroup"/>:
/// the apiVersion, the kind when a client omits it, and <c>stringData</c>, which the real API server folds into
/// <c>data</c>.
/// </summary>
internal static class CoreObjectRewriter
{
    private const string CoreVersion = "v1";
    private static readonly string StorageVersion = $"{CoreApiFront.StorageGroup}/v1";

    /// <summary>Rewrites a request body. Creates and replaces always carry apiVersion and kind; patches only keep theirs.</summary>
    public static JsonNode ToStorage(JsonNode body, string kind, bool isPatch)
    {
        if (body is not JsonObject obj)
        {
            return body;
        }

        if (!isPatch || obj.ContainsKey("apiVersion"))
        {
            obj["apiVersion"] = StorageVersion;
        }

        if (!isPatch)
        {
            obj["kind"] = kind;
        }

        if (obj["stringData"] is JsonObject stringData)
        {
            var data = obj["data"] as JsonObject ?? [];
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? string.Empty));
            }

            obj["data"] = data;
            obj.Remove("stringData");
        }

        return obj;
    }

    /// <summary>Rewrites a response: an object, a list (and its items), or a Status naming the storage group.</summary>
    public static JsonNode? FromStorage(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return node;
        }

        if (obj["apiVersion"]?.GetValue<string>() == StorageVersion)
        {
            obj["apiVersion"] = CoreVersion;
        }

        if (obj["items"] is JsonArray items)
        {
            foreach (var item in items)
            {
                FromStorage(item);
            }
        }

        if (obj["kind"]?.GetValue<string>() == "Status")
        {
            if (obj["details"] is JsonObject details && details["group"]?.GetValue<string>() == CoreApiFront.StorageGroup)
            {
                details["group"] = string.Empty;
            }

            if (obj["message"]?.GetValue<string>() is { } message)
            {
                obj["message"] = message.Replace($".{CoreApiFront.StorageGroup}", string.Empty, StringComparison.Ordinal);
            }
        }

        return obj;
    }

    /// <summary>Rewrites one watch event line (<c>{"type":…,"object":…}</c>).</summary>
    public static JsonNode? WatchEventFromStorage(JsonNode? watchEvent)
    {
        if (watchEvent is JsonObject obj && obj["object"] is { } inner)
        {
            FromStorage(inner);
        }

        return watchEvent;
    }
}
