
namespace OciSource.Distribution.Client;

/// <summary>Lists the tags of a repository.</summary>
public interface ITagLister
{
    /// <summary>All tags, following <c>Link</c> pagination, at most <see cref="RegistryClientOptions.MaxTags"/>.</summary>
    /// <remarks>Errors: RegistryException and subclasses; ContentTooLargeException beyond the limit.</remarks>
    Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken);
}
