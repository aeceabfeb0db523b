namespace OciSource.Distribution.Transport;

/// <summary>Retries of transient failures (408, 429, 500, 502, 503, 504, connection errors).</summary>
public sealed record RetryOptions
{
    /// <summary>Retries after the first attempt; 0 disables retrying.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First backoff delay; each retry doubles it (with jitter).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of any delay, including one a registry asks for with <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Resumptions of one blob download after the connection broke mid-body.</summary>
    public int MaxBlobResumes { get; init; } = 3;
}
