namespace OciSource.Storage;

/// <summary>
/// Limits of the artifact server, so that clients that connect and stay idle, send headers slowly or stop reading
/// cannot take the server (or the memory of the controller) from the others. Flags <c>--storage-max-connections</c>,
/// <c>--storage-request-headers-timeout</c>, <c>--storage-keep-alive-timeout</c>, <c>--storage-min-response-rate</c>.
/// </summary>
public sealed record ArtifactServerOptions
{
    /// <summary>Bytes a request's headers may take together (Kestrel's default is 32 KiB; the server reads none but Range and conditionals).</summary>
    public const int MaxRequestHeadersBytes = 16 * 1024;

    /// <summary>Headers a request may carry (Kestrel's default is 100).</summary>
    public const int MaxRequestHeaderCount = 32;

    /// <summary>Bytes of the request line (method, target, version); a longer one is answered 414.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>
    /// Open connections at most, idle keep-alive ones included (default 256); a connection beyond it is closed as soon as
    /// it is accepted. Each connection may hold up to 1 MiB of response bytes its client has not read yet, so the
    /// default bounds that memory to 256 MiB. <c>0</c> means unlimited.
    /// </summary>
    public long MaxConnections { get; init; } = 256;

    /// <summary>Time a client has to send a request's headers once it connected or sent its previous request (default 10 s).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time an idle keep-alive connection stays open between requests (default 30 s).</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bytes per second a client must read a response at, averaged over the response once
    /// <see cref="MinResponseDataRateGracePeriod"/> has passed (default 64 KiB/s); a client that reads slower, or stops
    /// reading, is disconnected. <c>0</c> disables the check.
    /// </summary>
    public double MinResponseBytesPerSecond { get; init; } = 64 * 1024;

    /// <summary>Time a response is given before <see cref="MinResponseBytesPerSecond"/> applies (default 5 s, Kestrel's; more than 1 s).</summary>
    public TimeSpan MinResponseDataRateGracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
