using YamlDotNet.RepresentationModel;

namespace OciSource.Chart.Tests;

/// <summary>One Kubernetes object from rendered YAML, with path lookups that fail the test when a field is missing.</summary>
public sealed class Manifest(YamlMappingNode root, string text)
{
    /// <summary>The parsed object.</summary>
    public YamlMappingNode Root { get; } = root;

    /// <summary>The document's YAML as rendered, e.g. to hand it to kubectl.</summary>
    public string Text { get; } = text;

    public string Kind => Scalar("kind");

    public string ApiVersion => Scalar("apiVersion");

    public string Name => Scalar("metadata", "name");

    /// <summary>The node at <paramref name="path"/> (mapping keys; sequence indexes as decimal text), or null.</summary>
    public YamlNode? Find(params string[] path) => Find(Root, path);

    /// <summary>The node at <paramref name="path"/>.</summary>
    /// <exception cref="Xunit.Sdk.XunitException">A segment is missing.</exception>
    public YamlNode Node(params string[] path) =>
        Find(path) ?? throw Xunit.Sdk.FailException.ForFailure($"{Kind}/{Name} has no {string.Join('.', path)}");

    /// <summary>The scalar text at <paramref name="path"/>.</summary>
    public string Scalar(params string[] path) => AsScalar(Node(path), path);

    /// <summary>The mapping at <paramref name="path"/>.</summary>
    public YamlMappingNode Mapping(params string[] path) => Assert.IsType<YamlMappingNode>(Node(path));

    /// <summary>The items of the sequence at <paramref name="path"/>.</summary>
    public IReadOnlyList<YamlNode> Sequence(params string[] path) => Sequence(Root, path);

    /// <summary>The scalar texts of the sequence at <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Strings(params string[] path) => [.. Sequence(path).Select(n => AsScalar(n, path))];

    /// <summary>The node at <paramref name="path"/> below <paramref name="node"/>, or null.</summary>
    public static YamlNode? Find(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var segment in path)
        {
            current = current switch
            {
                YamlMappingNode mapping => mapping.Children.TryGetValue(new YamlScalarNode(segment), out var child) ? child : null,
                YamlSequenceNode sequence when int.TryParse(segment, out var index) && index < sequence.Children.Count => sequence.Children[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The items of the sequence at <paramref name="path"/> below <paramref name="node"/>.</summary>
    public static IReadOnlyList<YamlNode> Sequence(YamlNode node, params string[] path) =>
        Assert.IsType<YamlSequenceNode>(Find(node, path) ?? throw Xunit.Sdk.FailException.ForFailure($"no {string.Join('.', path)}")).Children.ToList();

    /// <summary>The scalar text at <paramref name="path"/> below <paramref name="node"/>.</summary>
    public static string Scalar(YamlNode node, params string[] path) =>
        AsScalar(Find(node, path) ?? throw Xunit.Sdk.FailException.ForFailure($"no {string.Join('.', path)}"), path);

    private static string AsScalar(YamlNode node, string[] path) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Xunit.Sdk.FailException.ForFailure($"{string.Join('.', path)} is not a scalar");
}
