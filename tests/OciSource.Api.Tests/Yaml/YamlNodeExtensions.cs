using YamlDotNet.RepresentationModel;

namespace OciSource.Api.Tests.Yaml;

/// <summary>Lookups on a YAML mapping by key; each returns null (or empty) when the key is absent or of another node kind.</summary>
public static class YamlNodeExtensions
{
    public static YamlNode? Child(this YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode? Mapping(this YamlMappingNode mapping, string key) => mapping.Child(key) as YamlMappingNode;

    public static YamlSequenceNode? Sequence(this YamlMappingNode mapping, string key) => mapping.Child(key) as YamlSequenceNode;

    public static string? Scalar(this YamlMappingNode mapping, string key) => (mapping.Child(key) as YamlScalarNode)?.Value;

    /// <summary>The scalar items of a sequence value, in order.</summary>
    public static IReadOnlyList<string> Scalars(this YamlMappingNode mapping, string key) =>
        mapping.Sequence(key)?.Children.OfType<YamlScalarNode>().Select(item => item.Value ?? string.Empty).ToList() ?? [];

    /// <summary>The mapping items of a sequence value, in order.</summary>
    public static IReadOnlyList<YamlMappingNode> Mappings(this YamlMappingNode mapping, string key) =>
        mapping.Sequence(key)?.Children.OfType<YamlMappingNode>().ToList() ?? [];

    /// <summary>The keys of a mapping, as written.</summary>
    public static IEnumerable<string> Keys(this YamlMappingNode mapping) =>
        mapping.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value ?? string.Empty);
}
