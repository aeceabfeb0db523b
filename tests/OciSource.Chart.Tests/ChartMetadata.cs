using YamlDotNet.RepresentationModel;

namespace OciSource.Chart.Tests;

/// <summary>Fields of the chart's <c>Chart.yaml</c>.</summary>
public static class ChartMetadata
{
    private static readonly Lazy<YamlMappingNode> Chart = new(() =>
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(HelmChart.Directory, "Chart.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    });

    /// <summary>The controller version the chart deploys by default.</summary>
    public static string AppVersion => Manifest.Scalar(Chart.Value, "appVersion");
}
