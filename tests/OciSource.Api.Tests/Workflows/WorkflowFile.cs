using OciSource.Api.Tests.Yaml;
using OciSource.Testing;
using YamlDotNet.RepresentationModel;

namespace OciSource.Api.Tests.Workflows;

/// <summary>A GitHub Actions workflow file of this repository, parsed as YAML.</summary>
public sealed class WorkflowFile
{
    private WorkflowFile(string fileName, YamlMappingNode root)
    {
        FileName = fileName;
        Root = root;
    }

    /// <summary><c>.github/workflows</c> of the repository.</summary>
    public static string Directory => Path.Combine(TestEnvironment.RepositoryRoot, ".github", "workflows");

    public string FileName { get; }

    public YamlMappingNode Root { get; }

    /// <summary>The jobs by id; empty when <c>jobs</c> is missing or not a mapping.</summary>
    public IReadOnlyDictionary<string, YamlMappingNode> Jobs =>
        Root.Mapping("jobs") is { } jobs
            ? jobs.Keys().ToDictionary(id => id, id => jobs.Mapping(id) ?? new YamlMappingNode(), StringComparer.Ordinal)
            : new Dictionary<string, YamlMappingNode>();

    /// <summary>Every step of every job, in file order.</summary>
    public IReadOnlyList<WorkflowStep> Steps =>
        Jobs.SelectMany(job => job.Value.Mappings("steps").Select((step, index) => new WorkflowStep(FileName, job.Key, index, step)))
            .ToList();

    /// <exception cref="YamlDotNet.Core.YamlException">The file is not valid YAML.</exception>
    /// <exception cref="InvalidDataException">The file is not exactly one YAML mapping.</exception>
    public static WorkflowFile Load(string fileName)
    {
        var documents = YamlFile.LoadMappings(Path.Combine(Directory, fileName));
        return documents.Count == 1
            ? new WorkflowFile(fileName, documents[0])
            : throw new InvalidDataException($"{fileName} holds {documents.Count} YAML documents, a workflow is one");
    }
}
