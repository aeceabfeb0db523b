using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary>
/// Structure-aware mutations of a JSON document, from a seeded <see cref="Random"/>: drop a field or item, duplicate a
/// property, retype a value (number, string, bool, null, array, object), spoil base64 text, write huge or negative
/// numbers, nest deeply; sometimes followed by a shapeless byte mutation.
/// </summary>
internal sealed class JsonMutator(Random random)
{
    private const string Placeholder = "\"@@fuzz-placeholder@@\"";

    private static readonly string[] Replacements =
    [
        "0", "-1", "1", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "1.5",
        "99999999999999999999999999999999", "\"\"", "\"AAAA\"", "\"!!!not base64\"", "\"====\"", "\"-1\"", "\"9999999999999999999\"",
        "\"253402300800\"", "true", "false", "null", "[]", "{}", "[null]", "[{}]", "{\"a\":1}", "\"\\u0000\"", "\"\\ud800\"",
    ];

    private readonly ByteMutator _bytes = new(random);

    /// <summary>One to three structural mutations of <paramref name="json"/> (which must parse), then sometimes a byte mutation.</summary>
    public byte[] Mutate(byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 4096 });
            }
            catch (JsonException)
            {
                break;
            }

            if (root is null)
            {
                break;
            }

            try
            {
                text = MutateOnce(root);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or JsonException)
            {
                break; // a duplicate key or a lone surrogate from an earlier round: System.Text.Json.Nodes cannot hold it
            }
        }

        var result = Encoding.UTF8.GetBytes(text);
        return random.Next(5) == 0 ? _bytes.Mutate(result) : result;
    }

    private string MutateOnce(JsonNode root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var node = nodes[random.Next(nodes.Count)];
        var parent = node.Parent;
        if (parent is null)
        {
            return Replacement(node);
        }

        var raw = random.Next(6) switch
        {
            0 => null,
            1 => Duplicate(node),
            2 => SpoilBase64(node),
            3 => Nest(random.Next(2) == 0 ? random.Next(20, 40) : random.Next(100, 2_000)),
            _ => Replacement(node),
        };
        if (raw is null)
        {
            Remove(node);
            return root.ToJsonString();
        }

        Replace(node, JsonNode.Parse(Placeholder)!);
        return root.ToJsonString().Replace(Placeholder, raw, StringComparison.Ordinal);
    }

    private string Replacement(JsonNode node) =>
        random.Next(4) == 0 && node is JsonValue value && value.TryGetValue<string>(out var s)
            ? JsonSerializer.Serialize(s + s)
            : Replacements[random.Next(Replacements.Length)];

    private string? Duplicate(JsonNode node)
    {
        var json = node.ToJsonString();
        if (node is JsonObject obj && obj.Count > 0)
        {
            var (name, value) = obj.ElementAt(random.Next(obj.Count));
            var other = random.Next(2) == 0 ? value?.ToJsonString() ?? "null" : Replacements[random.Next(Replacements.Length)];
            return "{" + JsonSerializer.Serialize(name) + ":" + other + "," + json[1..];
        }

        return node is JsonArray array && array.Count > 0 ? "[" + (array[0]?.ToJsonString() ?? "null") + "," + json[1..] : json;
    }

    private string SpoilBase64(JsonNode node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var s) || s.Length == 0)
        {
            return Replacement(node);
        }

        var at = random.Next(s.Length);
        var spoiled = random.Next(3) switch
        {
            0 => s.Remove(at, 1),
            1 => s.Insert(at, "*"),
            _ => s + "=",
        };
        return JsonSerializer.Serialize(spoiled);
    }

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, nodes);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, nodes);
                }

                break;
        }
    }

    private static void Remove(JsonNode node)
    {
        switch (node.Parent)
        {
            case JsonObject obj:
                obj.Remove(node.GetPropertyName());
                break;
            case JsonArray array:
                array.RemoveAt(node.GetElementIndex());
                break;
        }
    }

    private static void Replace(JsonNode node, JsonNode replacement)
    {
        switch (node.Parent)
        {
            case JsonObject obj:
                obj[node.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = replacement;
                break;
        }
    }
}
