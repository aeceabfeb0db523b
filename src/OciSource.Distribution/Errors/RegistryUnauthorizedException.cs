using System.Net;

namespace OciSource.Distribution.Errors;

/// <summary>The registry refused the credentials (or their absence): 401 or 403 after answering the challenge, or the token service refused them.</summary>
public sealed class RegistryUnauthorizedException : RegistryException
{
    public RegistryUnauthorizedException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<RegistryError>? errors = null, Exception? innerException = null)
        : base(message, statusCode, errors, innerException)
    {
    }
}
