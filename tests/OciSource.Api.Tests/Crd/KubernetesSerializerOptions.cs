using System.Text.Json;
using k8s;

namespace OciSource.Api.Tests.Crd;

/// <summary>The <see cref="JsonSerializerOptions"/> that <see cref="KubernetesJson"/> uses, i.e. how the controller's client reads and writes the API types.</summary>
public static class KubernetesSerializerOptions
{
    private static readonly Lazy<JsonSerializerOptions> LazyOptions = new(Capture);

    public static JsonSerializerOptions Instance => LazyOptions.Value;

    // KubernetesJson keeps its options private; AddJsonOptions hands them to a callback, which only reads them here.
    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(options => captured = options);
        return captured ?? throw new InvalidOperationException("KubernetesJson.AddJsonOptions did not call back");
    }
}
