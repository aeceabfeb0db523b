namespace OciSource.Runtime.Logging;

/// <summary>An exception as a log line shows it: <see cref="Exception.ToString"/>, or its type when that throws.</summary>
internal static class ExceptionText
{
    public static string Of(Exception exception)
    {
        try
        {
            return exception.ToString();
        }
        catch (Exception failure)
        {
            return $"[Exception.ToString() failed: {failure.GetType().FullName}] Original exception type: {exception.GetType().FullName}";
        }
    }
}
