using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;

namespace OciSource.Api;

/// <summary>
/// Source-generated JSON for the API types, with the Kubernetes client's own conventions (camelCase, nulls omitted,
/// Kubernetes date-time and duration formats), so they read and write without reflection (Native AOT).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    Converters = [typeof(KubernetesJson.Iso8601TimeSpanConverter), typeof(KubernetesJson.KubernetesDateTimeConverter), typeof(KubernetesJson.KubernetesDateTimeOffsetConverter)])]
// managedFields[].fieldsV1 is an object, read as a JsonElement: writing an object read from the server needs it.
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(V1.OCIRepository), TypeInfoPropertyName = "OCIRepository")]
[JsonSerializable(typeof(V1Beta2.OCIRepository), TypeInfoPropertyName = "V1Beta2OCIRepository")]
[JsonSerializable(typeof(V1.OCIRepositoryStatus), TypeInfoPropertyName = "OCIRepositoryStatus")]
[JsonSerializable(typeof(V1Beta2.OCIRepositoryStatus), TypeInfoPropertyName = "V1Beta2OCIRepositoryStatus")]
public sealed partial class SourceApiJsonContext : JsonSerializerContext;
