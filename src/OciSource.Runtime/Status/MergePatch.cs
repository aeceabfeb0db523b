using System.Text.Json.Nodes;

namespace OciSource.Runtime.Status;

/// <summary>Computes RFC 7386 JSON merge patches: the smallest document that turns one JSON object into another.</summary>
public static class MergePatch
{
    /// <summary>
    /// The patch from <paramref name="before"/> to <paramref name="after"/>, or null when they are equal. Objects are
    /// diffed key by key (a removed key becomes <c>null</c>); anything else, arrays included, is replaced whole.
    /// </summary>
    public static JsonObject? Create(JsonObject before, JsonObject after)
    {
        var patch = new JsonObject();
        foreach (var (key, value) in after)
        {
            if (!before.TryGetPropertyValue(key, out var old))
            {
                patch[key] = value?.DeepClone();
            }
            else if (old is JsonObject oldObject && value is JsonObject newObject)
            {
                if (Create(oldObject, newObject) is { } nested)
                {
                    patch[key] = nested;
                }
            }
            else if (!JsonNode.DeepEquals(old, value))
            {
                patch[key] = value?.DeepClone();
            }
        }

        foreach (var (key, _) in before)
        {
            if (!after.ContainsKey(key))
            {
                patch[key] = null;
            }
        }

        return patch.Count == 0 ? null : patch;
    }
}
