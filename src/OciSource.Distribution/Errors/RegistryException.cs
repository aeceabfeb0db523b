using System.Net;

namespace OciSource.Distribution.Errors;

/// <summary>
/// A registry operation failed. Messages name the operation and the repository, never credentials or tokens.
/// Subclasses tell the cases a caller handles differently; this type itself is any other registry failure
/// (an unexpected status, with the registry's error codes when it sent them).
/// </summary>
public class RegistryException : Exception
{
    public RegistryException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<RegistryError>? errors = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Errors = errors ?? [];
    }

    /// <summary>The HTTP status the registry answered, when there was an answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The registry's error codes and messages; empty when it sent none.</summary>
    public IReadOnlyList<RegistryError> Errors { get; }
}
