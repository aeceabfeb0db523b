namespace OciSource.Runtime.Informer;

/// <summary>How an <see cref="Informer{T}"/> lists and watches one kind at the API server (client-go's ListerWatcher).</summary>
public interface IListWatcher<T>
{
    /// <summary>The resource's plural name, for logs.</summary>
    string Plural { get; }

    /// <summary>One page of a list, honouring <see cref="InformerOptions.Namespace"/>, <see cref="InformerOptions.LabelSelector"/> and <see cref="InformerOptions.PageSize"/>.</summary>
    /// <exception cref="k8s.Autorest.HttpOperationException">The API server refused or failed the list.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ObjectList<T>> ListAsync(InformerOptions options, string? continueToken, CancellationToken cancellationToken);

    /// <summary>
    /// A watch from <paramref name="resourceVersion"/> with bookmarks, ending after about <paramref name="timeoutSeconds"/>.
    /// Errors the server sends inside the stream (e.g. <c>410 Gone</c>) go to <paramref name="onError"/>.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        InformerOptions options, string? resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);
}
