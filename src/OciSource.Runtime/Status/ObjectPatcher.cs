using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Informer;

namespace OciSource.Runtime.Status;

/// <summary>
/// Writes what a reconcile changed, as JSON merge patches guarded by <c>metadata.resourceVersion</c> (optimistic
/// concurrency). A <c>409 Conflict</c> re-reads the object and sends the same change again on the latest version, up to
/// <see cref="MaxAttempts"/> times; the fields this controller changed win, other fields keep the server's values.
/// </summary>
public sealed class ObjectPatcher<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Attempts per patch before the conflict is thrown.</summary>
    public const int MaxAttempts = 5;

    private readonly CustomObjectClient<T> _client;
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly ILogger _logger;

    /// <param name="typeInfo">How <typeparamref name="T"/> reads from and writes to JSON (source-generated).</param>
    /// <param name="fieldManager">Recorded in managedFields; Flux uses <c>source-controller</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="client"/> is not a <see cref="Kubernetes"/>.</exception>
    public ObjectPatcher(IKubernetes client, ResourceType resource, JsonTypeInfo<T> typeInfo, string fieldManager, ILogger logger)
    {
        _client = new CustomObjectClient<T>(client, resource, typeInfo, fieldManager);
        _typeInfo = typeInfo;
        _logger = logger;
    }

    /// <summary>
    /// Patches <c>/status</c> with the difference between <paramref name="original"/>'s and <paramref name="modified"/>'s
    /// status. Returns the object as stored, or <paramref name="modified"/> when nothing changed (no request is sent).
    /// </summary>
    /// <exception cref="HttpOperationException">Not found, invalid, or still conflicting after <see cref="MaxAttempts"/>.</exception>
    public Task<T> PatchStatusAsync(T original, T modified, CancellationToken cancellationToken) =>
        PatchAsync(original, modified, "status", status: true, cancellationToken);

    /// <summary>Adds <paramref name="finalizer"/> to the object's finalizers (no request when present).</summary>
    public Task<T> AddFinalizerAsync(T obj, string finalizer, CancellationToken cancellationToken) =>
        ChangeFinalizersAsync(obj, finalizers => finalizers.Contains(finalizer) ? null : [.. finalizers, finalizer], cancellationToken);

    /// <summary>Removes <paramref name="finalizer"/> (no request when absent); the server deletes the object once none remain.</summary>
    public Task<T> RemoveFinalizerAsync(T obj, string finalizer, CancellationToken cancellationToken) =>
        ChangeFinalizersAsync(obj, finalizers => finalizers.Contains(finalizer) ? [.. finalizers.Where(f => f != finalizer)] : null, cancellationToken);

    private async Task<T> PatchAsync(T original, T modified, string field, bool status, CancellationToken cancellationToken)
    {
        var from = JsonSerializer.SerializeToNode(original, _typeInfo)?[field] as JsonObject ?? [];
        var to = JsonSerializer.SerializeToNode(modified, _typeInfo)?[field] as JsonObject ?? [];
        if (MergePatch.Create(from, to) is not { } diff)
        {
            return modified;
        }

        var request = new ReconcileRequest(original.Metadata.NamespaceProperty, original.Metadata.Name);
        var resourceVersion = original.Metadata.ResourceVersion;
        for (var attempt = 1; ; attempt++)
        {
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
                [field] = diff.DeepClone(),
            };
            try
            {
                return await _client.PatchAsync(request, patch, status, cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < MaxAttempts)
            {
                RuntimeLog.PatchConflict(_logger, request.ToString(), attempt);
                resourceVersion = (await _client.GetAsync(request, cancellationToken)).Metadata.ResourceVersion;
            }
        }
    }

    private async Task<T> ChangeFinalizersAsync(T obj, Func<IList<string>, IList<string>?> change, CancellationToken cancellationToken)
    {
        var request = new ReconcileRequest(obj.Metadata.NamespaceProperty, obj.Metadata.Name);
        var current = obj;
        for (var attempt = 1; ; attempt++)
        {
            if (change(current.Metadata.Finalizers ?? []) is not { } finalizers)
            {
                return current;
            }

            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["resourceVersion"] = current.Metadata.ResourceVersion,
                    ["finalizers"] = new JsonArray([.. finalizers.Select(f => JsonValue.Create(f))]),
                },
            };
            try
            {
                return await _client.PatchAsync(request, patch, status: false, cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < MaxAttempts)
            {
                RuntimeLog.PatchConflict(_logger, request.ToString(), attempt);
                current = await _client.GetAsync(request, cancellationToken);
            }
        }
    }
}
