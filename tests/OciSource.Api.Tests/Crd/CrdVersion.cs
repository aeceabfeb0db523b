using OciSource.Api.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace OciSource.Api.Tests.Crd;

/// <summary>One entry of a CRD's <c>spec.versions</c>.</summary>
public sealed class CrdVersion(YamlMappingNode node)
{
    public string Name => node.Scalar("name") ?? string.Empty;

    public bool Served => node.Scalar("served") == "true";

    public bool Storage => node.Scalar("storage") == "true";

    public bool Deprecated => node.Scalar("deprecated") == "true";

    public string? DeprecationWarning => node.Scalar("deprecationWarning");

    /// <summary>Whether the version declares the <c>/status</c> subresource.</summary>
    public bool HasStatusSubresource => node.Mapping("subresources")?.Child("status") is YamlMappingNode;

    /// <summary>Each printer column as <c>name|type|jsonPath</c>, in order.</summary>
    public IReadOnlyList<string> PrinterColumns =>
        node.Mappings("additionalPrinterColumns")
            .Select(column => $"{column.Scalar("name")}|{column.Scalar("type")}|{column.Scalar("jsonPath")}")
            .ToList();

    /// <summary>The version's <c>schema.openAPIV3Schema</c>.</summary>
    /// <exception cref="InvalidDataException">The version has no schema.</exception>
    public SchemaNode Schema =>
        new(node.Mapping("schema")?.Mapping("openAPIV3Schema")
            ?? throw new InvalidDataException($"version {Name} has no schema.openAPIV3Schema"));
}
