using System.Text.RegularExpressions;
using OciSource.Api.Tests.Workflows;
using OciSource.Api.Tests.Yaml;
using OciSource.Testing;

namespace OciSource.Api.Tests;

/// <summary>The GitHub workflows, which cannot run here, are at least well formed and refer to what exists.</summary>
public sealed partial class WorkflowLintTests
{
    public static TheoryData<string> WorkflowNames => ["ci.yaml", "e2e.yaml", "release.yaml"];

    /// <summary>
    /// The action versions checked against each action's documentation when the workflows were written. A new action
    /// or another version must be checked the same way and added here.
    /// </summary>
    private static readonly HashSet<string> CheckedActions =
    [
        "actions/checkout@v5",
        "actions/setup-dotnet@v5",
        "actions/cache@v4",
        "actions/upload-artifact@v4",
        "docker/setup-buildx-action@v3",
        "docker/build-push-action@v6",
        "docker/login-action@v3",
        "helm/kind-action@v1",
        "azure/setup-helm@v4",
        "fluxcd/flux2/action@v2.9.2",
    ];

    /// <summary>Paths the workflows use that other work in progress adds (the image and the Helm chart).</summary>
    private static readonly HashSet<string> PendingPaths = ["Dockerfile", "deploy/charts/oci-source-controller"];

    [Fact]
    public void WorkflowDirectory_HoldsExactlyTheKnownWorkflows()
    {
        var files = Directory.GetFiles(WorkflowFile.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(WorkflowNames.Select(row => row.Data).Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void Workflow_HasNameTriggersAndJobsWithSteps(string name)
    {
        var workflow = WorkflowFile.Load(name);

        Assert.False(string.IsNullOrWhiteSpace(workflow.Root.Scalar("name")), $"{name}: no name");
        Assert.NotNull(workflow.Root.Child("on"));
        Assert.NotEmpty(workflow.Jobs);
        foreach (var (id, job) in workflow.Jobs)
        {
            Assert.False(string.IsNullOrWhiteSpace(job.Scalar("runs-on")), $"{name}/{id}: no runs-on");
            Assert.NotEmpty(job.Mappings("steps"));
        }

        Assert.All(workflow.Steps, step => Assert.True(step.Uses is null != step.Run is null, $"{step.Location}: needs exactly one of uses and run"));
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void EveryAction_IsPinnedToACheckedVersion(string name)
    {
        foreach (var uses in WorkflowFile.Load(name).Steps.Select(step => step.Uses).OfType<string>())
        {
            Assert.Matches(PinnedAction(), uses);
            Assert.Contains(uses, CheckedActions);
        }
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void EveryRepositoryPath_InScriptsAndInputs_Exists(string name)
    {
        foreach (var step in WorkflowFile.Load(name).Steps)
        {
            var texts = step.With.Values.Append(step.Run ?? string.Empty);
            foreach (var path in texts.SelectMany(RepositoryPaths.In))
            {
                var full = Path.Combine(TestEnvironment.RepositoryRoot, path);
                Assert.True(File.Exists(full) || Directory.Exists(full) || PendingPaths.Contains(path),
                    $"{step.Location} refers to {path}, which does not exist");
            }
        }
    }

    [Fact]
    public void RepositoryPaths_FindsScriptsFilesAndFolders_NotOtherPaths()
    {
        const string Script = "./eng/test.sh --filter X && helm install x deploy/charts/oci-source-controller\n"
            + "docker build -f Dockerfile . > \"$RUNNER_TEMP/flux.yaml\"; cat /tmp/eng/x.sh ~/.cache/ocisource";

        Assert.Equal(["eng/test.sh", "deploy/charts/oci-source-controller", "Dockerfile"], RepositoryPaths.In(Script));
    }

    [Fact]
    public void Ci_RestoresBuildsWithWarningsAsErrors_AndRunsTheReadmesTestCommand()
    {
        var runs = WorkflowFile.Load("ci.yaml").Steps.Select(step => step.Run).OfType<string>().Select(run => run.Trim()).ToList();

        Assert.Contains(runs, run => run.StartsWith("dotnet restore", StringComparison.Ordinal));
        Assert.Contains(runs, run => run.StartsWith("dotnet build", StringComparison.Ordinal) && run.Contains("-warnaserror", StringComparison.Ordinal));
        Assert.Contains(ReadmeTestCommand(), runs);
    }

    [Fact]
    public void E2e_AppliesFluxConsumersOfBothServedVersions()
    {
        var runs = string.Join('\n', WorkflowFile.Load("e2e.yaml").Steps.Select(step => step.Run).OfType<string>());
        Assert.Contains("kubectl apply -f .github/e2e/flux-objects.yaml", runs, StringComparison.Ordinal);

        var objects = YamlFile.LoadMappings(Path.Combine(TestEnvironment.RepositoryRoot, ".github", "e2e", "flux-objects.yaml"));
        var repositories = objects.Where(o => o.Scalar("kind") == SourceApi.Kind).ToDictionary(o => o.Mapping("metadata")!.Scalar("name")!, o => o.Scalar("apiVersion"));
        var chartRef = objects.Single(o => o.Scalar("kind") == "HelmRelease").Mapping("spec")!.Mapping("chartRef")!;
        var sourceRef = objects.Single(o => o.Scalar("kind") == "Kustomization").Mapping("spec")!.Mapping("sourceRef")!;

        Assert.Equal([V1.OCIRepository.ApiVersionValue, V1Beta2.OCIRepository.ApiVersionValue], repositories.Values.Order(StringComparer.Ordinal));
        Assert.Equal(SourceApi.Kind, chartRef.Scalar("kind"));
        Assert.Equal(SourceApi.Kind, sourceRef.Scalar("kind"));
        Assert.Contains(chartRef.Scalar("name")!, repositories.Keys);
        Assert.Contains(sourceRef.Scalar("name")!, repositories.Keys);
    }

    [Fact]
    public void Release_OnTags_PushesTheImageAndTheChartToGhcr()
    {
        var release = WorkflowFile.Load("release.yaml");
        var scripts = string.Join('\n', release.Steps.Select(step => step.Run).OfType<string>());
        var imagePush = release.Steps.Single(step => step.Uses?.StartsWith("docker/build-push-action@", StringComparison.Ordinal) == true);

        Assert.NotEmpty(release.Root.Mapping("on")!.Mapping("push")!.Scalars("tags"));
        Assert.Contains("image=ghcr.io/$owner/oci-source-controller", scripts, StringComparison.Ordinal);
        Assert.Equal("true", imagePush.With["push"]);
        Assert.Contains("helm push", scripts, StringComparison.Ordinal);
        Assert.Contains("\"oci://ghcr.io/$OWNER/charts\"", scripts, StringComparison.Ordinal);
    }

    /// <summary>The command in the README's "Run the tests" section.</summary>
    private static string ReadmeTestCommand()
    {
        var readme = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var match = ReadmeTestSection().Match(readme);
        Assert.True(match.Success, "README.md has no \"## Run the tests\" section with a sh block");
        return match.Groups["command"].Value.Trim();
    }

    [GeneratedRegex(@"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@(?:v\d+(?:\.\d+){0,2}|[0-9a-f]{40})$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"^## Run the tests\s*\n+```sh\n(?<command>[^\n]+)\n```", RegexOptions.Multiline)]
    private static partial Regex ReadmeTestSection();
}
