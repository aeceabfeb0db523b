namespace OciSource.Verification.Keys;

/// <summary>A public key that is malformed or of an unsupported type; the message says which and never holds key bytes.</summary>
public sealed class KeyFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyFormatException()
    {
    }

    /// <summary>Creates the exception with a message a user can act on.</summary>
    public KeyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public KeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
