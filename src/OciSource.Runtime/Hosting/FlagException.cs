namespace OciSource.Runtime.Hosting;

/// <summary>A command-line flag is malformed or has an invalid value; the message names the flag.</summary>
public sealed class FlagException : Exception
{
    public FlagException()
    {
    }

    public FlagException(string message)
        : base(message)
    {
    }

    public FlagException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
