namespace OciSource.Distribution.Transport;

/// <summary>
/// A response body delivered no byte for <see cref="RegistryTransportOptions.ReadIdleTimeout"/>: the connection counts
/// as broken (an <see cref="IOException"/>, so a blob download resumes, and a small body fails as a
/// <see cref="Errors.RegistryException"/>).
/// </summary>
public sealed class ReadIdleTimeoutException : IOException
{
    public ReadIdleTimeoutException()
        : base("no data received from the registry within the read idle timeout")
    {
    }

    public ReadIdleTimeoutException(string message)
        : base(message)
    {
    }

    public ReadIdleTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
