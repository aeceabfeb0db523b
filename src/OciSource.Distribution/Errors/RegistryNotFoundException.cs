using System.Net;

namespace OciSource.Distribution.Errors;

/// <summary>The repository, tag, manifest, blob, or a manifest for the wanted platform does not exist.</summary>
public sealed class RegistryNotFoundException : RegistryException
{
    public RegistryNotFoundException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<RegistryError>? errors = null, Exception? innerException = null)
        : base(message, statusCode, errors, innerException)
    {
    }
}
