using System.Globalization;
using OciSource.Runtime.Hosting;
using OciSource.Storage;

namespace OciSource.Controller.Hosting;

/// <summary>
/// The artifact server's limits (ours; Flux's file server has none): <c>--storage-max-connections</c> (default 256,
/// <c>0</c> unlimited), <c>--storage-request-headers-timeout</c> (10s), <c>--storage-keep-alive-timeout</c> (30s),
/// <c>--storage-min-response-rate</c> (bytes per second, default 65536, <c>0</c> disables it). Defaults are
/// <see cref="ArtifactServerOptions"/>'s.
/// </summary>
internal static class ArtifactServerFlags
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "storage-max-connections", "storage-request-headers-timeout", "storage-keep-alive-timeout", "storage-min-response-rate",
    };

    /// <exception cref="FlagException">A value does not parse, or a timeout is not positive.</exception>
    public static ArtifactServerOptions FromFlags(IReadOnlyDictionary<string, string> flags)
    {
        var defaults = new ArtifactServerOptions();
        try
        {
            return new ArtifactServerOptions
            {
                MaxConnections = flags.TryGetValue("storage-max-connections", out var max)
                    ? long.Parse(max, NumberStyles.None, CultureInfo.InvariantCulture)
                    : defaults.MaxConnections,
                RequestHeadersTimeout = Timeout(flags, "storage-request-headers-timeout", defaults.RequestHeadersTimeout),
                KeepAliveTimeout = Timeout(flags, "storage-keep-alive-timeout", defaults.KeepAliveTimeout),
                MinResponseBytesPerSecond = flags.TryGetValue("storage-min-response-rate", out var rate)
                    ? double.Parse(rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)
                    : defaults.MinResponseBytesPerSecond,
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FlagException($"invalid artifact server flag: {e.Message}", e);
        }
    }

    private static TimeSpan Timeout(IReadOnlyDictionary<string, string> flags, string name, TimeSpan fallback)
    {
        if (!flags.TryGetValue(name, out var text))
        {
            return fallback;
        }

        var value = GoDuration.Parse(text);
        return value > TimeSpan.Zero ? value : throw new FlagException($"--{name} must be a positive duration, not {text}");
    }
}
