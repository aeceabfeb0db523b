namespace OciSource.Runtime.Informer;

/// <summary>The <c>type</c> of one event of a Kubernetes watch stream.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Error,
    Bookmark,
}
