using System.Text.Json.Nodes;
using k8s;
using OciSource.Runtime.Informer;
using OciSource.Testing.Kube;

namespace OciSource.Testing.Tests;

/// <summary>A watch of the OCIRepositories (v1) of one namespace, as JSON, through the runtime's own watch reader.</summary>
internal static class OciRepositoryWatch
{
    private static readonly ResourceType Resource = new("source.toolkit.fluxcd.io", "v1", "ocirepositories", "OCIRepository");

    /// <summary>From <paramref name="resourceVersion"/> (null: an ADDED event per existing object first), with bookmarks; <c>ERROR</c> events go to <paramref name="onError"/>.</summary>
    public static IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> Start(
        IKubernetes client, string ns, string? resourceVersion, Action<Exception>? onError, CancellationToken cancellationToken) =>
        new CustomObjectListWatcher<JsonObject>(client, Resource, TestJson.TypeInfo<JsonObject>())
            .WatchAsync(new InformerOptions { Namespace = ns }, resourceVersion, 300, onError ?? (_ => { }), cancellationToken);
}
