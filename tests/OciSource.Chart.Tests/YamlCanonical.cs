using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace OciSource.Chart.Tests;

/// <summary>
/// A YAML node as one string with mapping keys sorted and scalars JSON-quoted, so two nodes that differ only in key
/// order, quoting or layout (e.g. after Helm's <c>fromYaml | toYaml</c>) give the same string.
/// </summary>
public static class YamlCanonical
{
    public static string Of(YamlNode node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(YamlNode node, StringBuilder text)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                text.Append('{');
                foreach (var (key, value) in mapping.Children.Select(c => (Manifest.Scalar(c.Key), c.Value)).OrderBy(c => c.Item1, StringComparer.Ordinal))
                {
                    text.Append(JsonSerializer.Serialize(key)).Append(':');
                    Write(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                foreach (var item in sequence.Children)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case YamlScalarNode scalar:
                text.Append(JsonSerializer.Serialize(scalar.Value));
                break;
            default:
                throw new NotSupportedException($"YAML node {node.NodeType} (aliases are not expected in manifests)");
        }
    }
}
