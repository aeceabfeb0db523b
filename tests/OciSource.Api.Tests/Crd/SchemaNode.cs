using OciSource.Api.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace OciSource.Api.Tests.Crd;

/// <summary>One node of a CRD's <c>openAPIV3Schema</c>, reduced to the structural keywords that fix a field's shape.</summary>
public sealed class SchemaNode(YamlMappingNode node)
{
    /// <summary><c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>, <c>object</c>, <c>array</c>, or null when absent.</summary>
    public string? Type => node.Scalar("type");

    /// <summary>e.g. <c>date-time</c>, <c>int64</c>; null when absent.</summary>
    public string? Format => node.Scalar("format");

    /// <summary><c>x-kubernetes-int-or-string: true</c>.</summary>
    public bool IsIntOrString => node.Scalar("x-kubernetes-int-or-string") == "true";

    /// <summary>The named properties of an object; empty when there are none.</summary>
    public IReadOnlyDictionary<string, SchemaNode> Properties =>
        node.Mapping("properties") is { } properties
            ? properties.Keys().ToDictionary(name => name, name => new SchemaNode((YamlMappingNode)properties.Child(name)!), StringComparer.Ordinal)
            : new Dictionary<string, SchemaNode>();

    /// <summary>The schema of an array's items.</summary>
    public SchemaNode? Items => node.Mapping("items") is { } items ? new SchemaNode(items) : null;

    /// <summary>The schema of a map's values (<c>additionalProperties</c> given as a schema).</summary>
    public SchemaNode? AdditionalProperties =>
        node.Mapping("additionalProperties") is { } values ? new SchemaNode(values) : null;

    /// <summary>The <c>default</c> when it is a scalar; null otherwise.</summary>
    public string? Default => node.Scalar("default");

    /// <summary>The <c>pattern</c> regular expression; null when absent.</summary>
    public string? Pattern => node.Scalar("pattern");

    /// <summary>The <c>enum</c> values, in order; empty when absent.</summary>
    public IReadOnlyList<string> Enum => node.Scalars("enum");

    /// <summary>The names listed under <c>required</c>.</summary>
    public IReadOnlySet<string> Required => node.Scalars("required").ToHashSet(StringComparer.Ordinal);

    /// <summary>An object that declares neither properties nor a value schema (Kubernetes validates it itself, as <c>metadata</c>).</summary>
    public bool IsOpaqueObject => Type == "object" && node.Child("properties") is null && node.Child("additionalProperties") is null;

    /// <summary>Follows a dotted path of property names, e.g. <c>spec.verify</c>.</summary>
    /// <exception cref="KeyNotFoundException">A name on the path is not a property.</exception>
    public SchemaNode At(string dottedPath) =>
        dottedPath.Split('.').Aggregate(this, (current, name) =>
            current.Properties.TryGetValue(name, out var next) ? next : throw new KeyNotFoundException($"no property '{name}' on the way to '{dottedPath}'"));
}
