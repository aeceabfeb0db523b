using System.Net;

namespace OciSource.Distribution.Errors;

/// <summary>Content is larger than allowed: a manifest over the limit, a blob longer than its descriptor, or more tags than the limit.</summary>
public sealed class ContentTooLargeException : RegistryException
{
    public ContentTooLargeException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<RegistryError>? errors = null, Exception? innerException = null)
        : base(message, statusCode, errors, innerException)
    {
    }
}
