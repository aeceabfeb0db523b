namespace OciSource.Controller.Cloud;

/// <summary>
/// <c>--token-cache-max-size</c> (default 100 entries; 0 disables the cache) and <c>--token-cache-max-duration</c>
/// (default and upper bound 1h, as fluxcd/pkg caps it).
/// </summary>
internal sealed record TokenCacheOptions
{
    public static readonly TimeSpan MaxDurationLimit = TimeSpan.FromHours(1);

    public int MaxSize { get; init; } = 100;

    public TimeSpan MaxDuration { get; init; } = MaxDurationLimit;
}
