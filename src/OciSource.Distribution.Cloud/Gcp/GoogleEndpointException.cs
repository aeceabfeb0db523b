namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// A Google endpoint (metadata server, STS, IAM Credentials, a token URL) failed or answered with an error. The message
/// names the step and holds the endpoint's own error text, never a token.
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
