namespace OciSource.Controller.Hosting;

/// <summary>
/// Flags that parse but cannot run together, which Flux reports at start and exits 1 for (not 2, as pflag does for a
/// malformed flag): an unsupported feature gate, a default service account without object-level workload identity.
/// </summary>
internal sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException()
    {
    }

    public InvalidConfigurationException(string message)
        : base(message)
    {
    }

    public InvalidConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
