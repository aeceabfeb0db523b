using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;

namespace OciSource.Testing.Kube;

/// <summary>
/// JSON for test code: the Kubernetes client's conventions plus reflection for any type (test-only bodies such as
/// <see cref="System.Text.Json.Nodes.JsonObject"/> or a test's own kinds), which the AOT client's source-generated
/// contexts do not cover. Product code never uses this: it reads and writes with source-generated contexts only.
/// </summary>
public static class TestJson
{
    private static readonly Lazy<JsonSerializerOptions> LazyOptions = new(() =>
    {
        JsonSerializerOptions? copy = null;
        KubernetesJson.AddJsonOptions(options => copy = new JsonSerializerOptions(options));
        var options = copy ?? throw new InvalidOperationException("KubernetesJson.AddJsonOptions did not call back");
        options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    });

    public static JsonSerializerOptions Options => LazyOptions.Value;

    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Lets clients built from <paramref name="configuration"/> read and write any type (see the class remarks).</summary>
    public static KubernetesClientConfiguration WithReflectionJson(this KubernetesClientConfiguration configuration)
    {
        configuration.AddJsonOptions(options => options.TypeInfoResolverChain.Add(new DefaultJsonTypeInfoResolver()));
        return configuration;
    }
}
