using OciSource.Api.Tests.Yaml;
using YamlDotNet.RepresentationModel;

namespace OciSource.Api.Tests.Workflows;

/// <summary>One step of a GitHub Actions job.</summary>
public sealed class WorkflowStep(string workflow, string job, int index, YamlMappingNode node)
{
    /// <summary><c>ci.yaml/test#3 (Restore)</c>: where the step is, for messages.</summary>
    public string Location => $"{workflow}/{job}#{index} ({node.Scalar("name") ?? "unnamed"})";

    /// <summary>The action reference of a <c>uses:</c> step; null for a <c>run:</c> step.</summary>
    public string? Uses => node.Scalar("uses");

    /// <summary>The script of a <c>run:</c> step; null for a <c>uses:</c> step.</summary>
    public string? Run => node.Scalar("run");

    /// <summary>The scalar inputs under <c>with:</c>.</summary>
    public IReadOnlyDictionary<string, string> With =>
        node.Mapping("with") is { } with
            ? with.Keys().ToDictionary(key => key, key => with.Scalar(key) ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>();
}
