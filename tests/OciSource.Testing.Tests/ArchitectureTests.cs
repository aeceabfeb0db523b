using System.Text.Json.Nodes;

namespace OciSource.Testing.Tests;

/// <summary>
/// The dependency arrows of shared/design/architecture.md, checked on the restored dependency closure
/// (<c>obj/project.assets.json</c>, which lists transitive packages and projects).
/// </summary>
public sealed class ArchitectureTests
{
    public static TheoryData<string, string> ForbiddenDependencies => new()
    {
        { "OciSource.Api", "OciSource.Distribution" },
        { "OciSource.Api", "OciSource.Storage" },
        { "OciSource.Api", "OciSource.Runtime" },
        { "OciSource.Api", "OciSource.Controller" },
        { "OciSource.Distribution", "KubernetesClient" },
        { "OciSource.Distribution", "OciSource.Runtime" },
        { "OciSource.Distribution", "OciSource.Storage" },
        { "OciSource.Distribution", "OciSource.Controller" },
        { "OciSource.Storage", "KubernetesClient" },
        { "OciSource.Storage", "OciSource.Runtime" },
        { "OciSource.Storage", "OciSource.Controller" },
        { "OciSource.Runtime", "OciSource.Distribution" },
        { "OciSource.Runtime", "OciSource.Storage" },
        { "OciSource.Runtime", "OciSource.Api" },
        { "OciSource.Runtime", "OciSource.Controller" },
        { "OciSource.Verification", "KubernetesClient" },
        { "OciSource.Verification", "OciSource.Runtime" },
        { "OciSource.Verification", "OciSource.Storage" },
        { "OciSource.Verification", "OciSource.Controller" },
        { "OciSource.Distribution.Cloud", "KubernetesClient" },
        { "OciSource.Distribution.Cloud", "OciSource.Runtime" },
        { "OciSource.Distribution.Cloud", "OciSource.Storage" },
        { "OciSource.Distribution.Cloud", "OciSource.Controller" },
        { "OciSource.Cli", "KubernetesClient" },
        { "OciSource.Cli", "OciSource.Runtime" },
        { "OciSource.Cli", "OciSource.Storage" },
        { "OciSource.Cli", "OciSource.Controller" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenDependencies))]
    public void Project_DoesNotDependOn(string project, string forbidden)
    {
        var dependencies = DependencyClosure(project);

        Assert.DoesNotContain(dependencies, d => d == forbidden || d.StartsWith(forbidden + ".", StringComparison.Ordinal));
    }

    [Fact]
    public void Controller_ComposesEveryOtherProject()
    {
        var dependencies = DependencyClosure("OciSource.Controller");

        Assert.Superset(
            new HashSet<string> { "OciSource.Api", "OciSource.Distribution", "OciSource.Storage", "OciSource.Runtime", "KubernetesClient.Aot" },
            dependencies.ToHashSet());
    }

    private static List<string> DependencyClosure(string project)
    {
        var assets = Path.Combine(TestEnvironment.RepositoryRoot, "src", project, "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is missing: restore the solution first");
        var libraries = JsonNode.Parse(File.ReadAllText(assets))!["libraries"]!.AsObject();
        return libraries.Select(l => l.Key.Split('/')[0]).ToList();
    }
}
