using YamlDotNet.RepresentationModel;

namespace OciSource.Api.Tests.Yaml;

/// <summary>Reads YAML files into YamlDotNet's representation model (plain scalars stay strings, as written).</summary>
public static class YamlFile
{
    /// <summary>Every document of the file, in order, as its root mapping.</summary>
    /// <exception cref="YamlDotNet.Core.YamlException">The file is not valid YAML.</exception>
    /// <exception cref="InvalidDataException">A document's root is not a mapping.</exception>
    public static IReadOnlyList<YamlMappingNode> LoadMappings(string path)
    {
        using var reader = new StreamReader(path);
        return ReadMappings(reader, path);
    }

    /// <summary>Every document of <paramref name="text"/>, in order, as its root mapping.</summary>
    /// <exception cref="YamlDotNet.Core.YamlException">The text is not valid YAML.</exception>
    /// <exception cref="InvalidDataException">A document's root is not a mapping.</exception>
    public static IReadOnlyList<YamlMappingNode> ParseMappings(string text)
    {
        using var reader = new StringReader(text);
        return ReadMappings(reader, "text");
    }

    private static List<YamlMappingNode> ReadMappings(TextReader reader, string source)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents
            .Select(document => document.RootNode as YamlMappingNode
                ?? throw new InvalidDataException($"{source}: a document's root is a {document.RootNode.NodeType}, not a mapping"))
            .ToList();
    }
}
