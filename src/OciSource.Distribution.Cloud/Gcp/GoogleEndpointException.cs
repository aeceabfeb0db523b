namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// A step of getting a Google token failed: an endpoint (metadata server, STS, IAM Credentials, a token URL, a subject
/// token URL) failed or answered with an error, or a subject token could not be read. The message names the step and
/// holds the endpoint's own error text, never a token, an assertion or a key; the provider prefixes it with what it was
/// getting.
/// </summary>
internal sealed class GoogleEndpointException : Exception
{
    public GoogleEndpointException(string message)
        : base(message)
    {
    }

    public GoogleEndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
