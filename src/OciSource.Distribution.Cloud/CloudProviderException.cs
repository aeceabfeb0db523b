namespace OciSource.Distribution.Cloud;

/// <summary>
/// A provider step failed. The message is shown to users (conditions, events): it never holds a secret or a token, and
/// names the step and the provider's own error text. Callers prefix it as Flux does
/// (<c>failed to get credential from &lt;provider&gt;: …</c>).
/// </summary>
public sealed class CloudProviderException : Exception
{
    public CloudProviderException(string message)
        : base(message)
    {
    }

    public CloudProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
