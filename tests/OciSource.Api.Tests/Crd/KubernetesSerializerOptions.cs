using System.Text.Json;
using OciSource.Testing.Kube;

namespace OciSource.Api.Tests.Crd;

/// <summary>
/// How the controller reads and writes the API types: <see cref="SourceApiJsonContext"/> first (what the product uses),
/// then the Kubernetes client's conventions with reflection for the tests' own sample types.
/// </summary>
public static class KubernetesSerializerOptions
{
    private static readonly Lazy<JsonSerializerOptions> LazyOptions = new(() =>
    {
        var options = new JsonSerializerOptions(TestJson.Options);
        options.TypeInfoResolverChain.Insert(0, SourceApiJsonContext.Default);
        options.MakeReadOnly();
        return options;
    });

    public static JsonSerializerOptions Instance => LazyOptions.Value;
}
