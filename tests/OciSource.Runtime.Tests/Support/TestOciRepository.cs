using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using OciSource.Runtime.Informer;
using OciSource.Testing.Kube;

namespace OciSource.Runtime.Tests.Support;

/// <summary>
/// A minimal test-only view of the project's OCIRepository CRD (the real API types belong to another issue): enough
/// spec to pass validation, and a status with conditions.
/// </summary>
public sealed class TestOciRepository : IKubernetesObject<V1ObjectMeta>
{
    public static readonly ResourceType Resource = new("source.toolkit.fluxcd.io", "v1", "ocirepositories", "OCIRepository");

    /// <summary>How the runtime reads and writes this test kind (reflection, test code only).</summary>
    public static JsonTypeInfo<TestOciRepository> Json => TestJson.TypeInfo<TestOciRepository>();

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Resource.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = Resource.Kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TestOciRepositorySpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TestOciRepositoryStatus? Status { get; set; }

    public static TestOciRepository New(string ns, string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Spec = new TestOciRepositorySpec { Interval = "5m", Url = $"oci://127.0.0.1:5000/runtime/{name}" },
    };
}
