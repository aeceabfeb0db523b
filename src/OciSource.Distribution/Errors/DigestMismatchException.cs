using System.Net;

namespace OciSource.Distribution.Errors;

/// <summary>Received bytes do not match what was asked for: wrong digest, or fewer/more bytes than the descriptor's size.</summary>
public sealed class DigestMismatchException : RegistryException
{
    public DigestMismatchException(string message, HttpStatusCode? statusCode = null, IReadOnlyList<RegistryError>? errors = null, Exception? innerException = null)
        : base(message, statusCode, errors, innerException)
    {
    }
}
