using System.Text.Json;
using System.Text.Json.Serialization;

namespace OciSource.Runtime.Hosting;

/// <summary>
/// What the AOT Kubernetes client's own source-generated JSON lacks: <see cref="JsonElement"/>, the value of every
/// free-form <c>object</c> field such as <c>managedFields[].fieldsV1</c>, so an object read from the server can be
/// written back (a Lease renewal replaces the Lease it read).
/// </summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
