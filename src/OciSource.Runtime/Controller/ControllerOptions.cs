namespace OciSource.Runtime.Controller;

/// <summary>Settings of one <see cref="Controller{T}"/>.</summary>
public sealed record ControllerOptions
{
    /// <summary>Name in logs and metric labels (<c>controller="…"</c>, <c>name="…"</c>), e.g. <c>ocirepository</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Workers reconciling in parallel (Flux <c>--concurrent</c>, default 2).</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>First retry delay after a failure (Flux <c>--min-retry-delay</c>, default 750 ms).</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(750);

    /// <summary>Longest retry delay (Flux <c>--max-retry-delay</c>, default 15 min).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(15);
}
