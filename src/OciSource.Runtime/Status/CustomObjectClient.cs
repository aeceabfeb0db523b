using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using OciSource.Runtime.ApiServer;
using OciSource.Runtime.Informer;

namespace OciSource.Runtime.Status;

/// <summary>Get and merge-patch of one custom resource kind, namespaced or cluster-scoped by the request, read with a source-generated <see cref="JsonTypeInfo{T}"/>.</summary>
internal sealed class CustomObjectClient<T>(IKubernetes client, ResourceType resource, JsonTypeInfo<T> typeInfo, string fieldManager)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The largest object read (the API server stores at most about 1.5 MiB per object).</summary>
    private const int ObjectLimit = 16 * 1024 * 1024;

    private static readonly MediaTypeHeaderValue MergePatch = new("application/merge-patch+json");

    private readonly ApiServerTransport _transport = new(client);

    /// <exception cref="k8s.Autorest.HttpOperationException">Not found, forbidden, or another error answer.</exception>
    public async Task<T> GetAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        using var response = await _transport.SendAsync(HttpMethod.Get, ObjectPath(request), null, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    /// <exception cref="k8s.Autorest.HttpOperationException">Not found, invalid, conflicting, or another error answer.</exception>
    public async Task<T> PatchAsync(ReconcileRequest request, JsonObject patch, bool status, CancellationToken cancellationToken)
    {
        var path = ObjectPath(request) + (status ? "/status" : string.Empty) + "?fieldManager=" + Uri.EscapeDataString(fieldManager);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(patch.ToJsonString()));
        content.Headers.ContentType = MergePatch;
        using var response = await _transport.SendAsync(HttpMethod.Patch, path, content, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private async Task<T> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var body = await ResponseBody.ReadAsync(response.Content, ObjectLimit, cancellationToken);
        return JsonSerializer.Deserialize(body.Memory.Span, typeInfo) ?? throw new JsonException($"the API server answered a null {resource.Kind}");
    }

    private string ObjectPath(ReconcileRequest request) =>
        string.IsNullOrEmpty(request.Namespace)
            ? $"apis/{resource.Group}/{resource.Version}/{resource.Plural}/{Uri.EscapeDataString(request.Name)}"
            : $"apis/{resource.Group}/{resource.Version}/namespaces/{Uri.EscapeDataString(request.Namespace)}/{resource.Plural}/{Uri.EscapeDataString(request.Name)}";
}
