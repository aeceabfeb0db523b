using System.Net;

namespace OciSource.Distribution.Errors;

/// <summary>A manifest that cannot be used: Docker schema 1, an unknown media type, or a document that is not valid JSON of its type.</summary>
public sealed class UnsupportedManifestException : RegistryException
{
    public UnsupportedManifestException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<RegistryError>? errors = null, Exception? innerException = null)
        : base(message, statusCode, errors, innerException)
    {
    }
}
