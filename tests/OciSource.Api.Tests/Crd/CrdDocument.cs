using OciSource.Testing;
using OciSource.Api.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace OciSource.Api.Tests.Crd;

/// <summary>The CustomResourceDefinition in a YAML file (the file's one document of that kind).</summary>
public sealed class CrdDocument(YamlMappingNode node)
{
    private static readonly Lazy<CrdDocument> LazyOciRepositories = new(() =>
        Load(Path.Combine(TestEnvironment.RepositoryRoot, "crds", "source.toolkit.fluxcd.io_ocirepositories.yaml")));

    /// <summary>The repository's <c>crds/source.toolkit.fluxcd.io_ocirepositories.yaml</c>, read once.</summary>
    public static CrdDocument OciRepositories => LazyOciRepositories.Value;

    /// <exception cref="InvalidDataException">The file holds no CustomResourceDefinition, or more than one.</exception>
    public static CrdDocument Load(string path) =>
        new(YamlFile.LoadMappings(path).SingleOrDefault(document => document.Scalar("kind") == "CustomResourceDefinition")
            ?? throw new InvalidDataException($"{path} holds no single CustomResourceDefinition"));

    public string? Name => node.Mapping("metadata")?.Scalar("name");

    public string? Annotation(string key) => node.Mapping("metadata")?.Mapping("annotations")?.Scalar(key);

    private YamlMappingNode Spec => node.Mapping("spec") ?? throw new InvalidDataException("the CRD has no spec");

    public string? Group => Spec.Scalar("group");

    public string? Scope => Spec.Scalar("scope");

    /// <summary>A field of <c>spec.names</c> (<c>kind</c>, <c>plural</c>, <c>singular</c>, <c>listKind</c>).</summary>
    public string? Names(string field) => Spec.Mapping("names")?.Scalar(field);

    /// <summary>A list of <c>spec.names</c> (<c>shortNames</c>, <c>categories</c>).</summary>
    public IReadOnlyList<string> NameList(string field) => Spec.Mapping("names")?.Scalars(field) ?? [];

    public IReadOnlyList<CrdVersion> Versions => Spec.Mappings("versions").Select(version => new CrdVersion(version)).ToList();

    /// <exception cref="InvalidOperationException">No such version.</exception>
    public CrdVersion Version(string name) => Versions.Single(version => version.Name == name);
}
