using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace OciSource.Chart.Tests;

/// <summary>The objects <c>helm template</c> printed, in order.</summary>
public sealed partial class RenderedChart
{
    private RenderedChart(IReadOnlyList<Manifest> manifests) => Manifests = manifests;

    public IReadOnlyList<Manifest> Manifests { get; }

    /// <summary>Splits multi-document YAML at its <c>---</c> lines and parses each object (comment-only documents are skipped).</summary>
    /// <exception cref="YamlDotNet.Core.YamlException">A document is not valid YAML.</exception>
    public static RenderedChart Parse(string yaml)
    {
        var manifests = new List<Manifest>();
        foreach (var text in DocumentSeparator().Split(yaml))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.SingleOrDefault()?.RootNode is YamlMappingNode root && Manifest.Find(root, "kind") is not null)
            {
                manifests.Add(new Manifest(root, text));
            }
        }

        return new RenderedChart(manifests);
    }

    /// <summary>Every object of <paramref name="kind"/>.</summary>
    public IReadOnlyList<Manifest> OfKind(string kind) => [.. Manifests.Where(m => m.Kind == kind)];

    /// <summary>The one object of <paramref name="kind"/>.</summary>
    /// <exception cref="Xunit.Sdk.XunitException">None or several.</exception>
    public Manifest One(string kind) => Assert.Single(OfKind(kind));

    /// <summary>The one Deployment.</summary>
    public Manifest Deployment => One("Deployment");

    /// <summary>The arguments of the Deployment's first (the controller's) container.</summary>
    public IReadOnlyList<string> ContainerArgs => Deployment.Strings("spec", "template", "spec", "containers", "0", "args");

    [GeneratedRegex(@"^---[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
