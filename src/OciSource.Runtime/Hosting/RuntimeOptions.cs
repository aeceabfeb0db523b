using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OciSource.Runtime.Hosting;

/// <summary>
/// The runtime's settings, named and defaulted as Flux source-controller's flags (bound by <see cref="FromFlags"/>).
/// </summary>
public sealed record RuntimeOptions
{
    /// <summary>Flux's leader-election ID.</summary>
    public const string DefaultLeaderElectionId = "source-controller-leader-election";

    /// <summary>The flags that may be given bare (<c>--enable-leader-election</c> means true).</summary>
    /// <summary>Every flag <see cref="FromFlags"/> binds.</summary>
    public static readonly IReadOnlySet<string> KnownFlags = new HashSet<string>(StringComparer.Ordinal)
    {
        "concurrent", "min-retry-delay", "max-retry-delay", "watch-all-namespaces", "watch-label-selector", "enable-leader-election",
        "leader-election-lease-duration", "leader-election-renew-deadline", "leader-election-retry-period", "leader-election-release-on-cancel",
        "metrics-addr", "health-addr", "kube-api-qps", "kube-api-burst", "log-level", "log-encoding", "interval-jitter-percentage",
        "events-addr",
    };

    public static readonly IReadOnlySet<string> BooleanFlags = new HashSet<string>(StringComparer.Ordinal)
    {
        "watch-all-namespaces", "enable-leader-election", "leader-election-release-on-cancel",
    };

    /// <summary><c>--concurrent</c>: reconciles in parallel per controller (default 2).</summary>
    public int Concurrent { get; init; } = 2;

    /// <summary><c>--min-retry-delay</c>: first failure backoff (default 750ms).</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(750);

    /// <summary><c>--max-retry-delay</c>: longest failure backoff (default 15m).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary><c>--watch-all-namespaces</c>: watch every namespace (default true); false watches only <see cref="RuntimeNamespace"/>.</summary>
    public bool WatchAllNamespaces { get; init; } = true;

    /// <summary><c>--watch-label-selector</c>: only objects matching this selector (sharding; default none).</summary>
    public string WatchLabelSelector { get; init; } = string.Empty;

    /// <summary><c>--enable-leader-election</c>: run informers and workers only on the Lease holder (default false).</summary>
    public bool EnableLeaderElection { get; init; }

    /// <summary><c>--leader-election-lease-duration</c> (default 35s).</summary>
    public TimeSpan LeaderElectionLeaseDuration { get; init; } = TimeSpan.FromSeconds(35);

    /// <summary><c>--leader-election-renew-deadline</c> (default 30s).</summary>
    public TimeSpan LeaderElectionRenewDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>--leader-election-retry-period</c> (default 5s).</summary>
    public TimeSpan LeaderElectionRetryPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>--leader-election-release-on-cancel</c>: release the Lease on a clean stop (default true).</summary>
    public bool LeaderElectionReleaseOnCancel { get; init; } = true;

    /// <summary><c>--metrics-addr</c>: where <c>/metrics</c> is served (default <c>:8080</c>; env <c>METRICS_ADDR</c>).</summary>
    public string MetricsAddr { get; init; } = ":8080";

    /// <summary><c>--health-addr</c>: where <c>/healthz</c> and <c>/readyz</c> are served (default <c>:9440</c>).</summary>
    public string HealthAddr { get; init; } = ":9440";

    /// <summary>
    /// <c>--events-addr</c>: the notification receiver (Flux notification-controller) that Normal and Warning events
    /// are POSTed to, an <c>http</c> or <c>https</c> URL; empty (the default) forwards nothing. Env <c>EVENTS_ADDR</c>.
    /// </summary>
    public string EventsAddr { get; init; } = string.Empty;

    /// <summary><c>--kube-api-qps</c>: client-side request rate to the API server (default 50).</summary>
    public double KubeApiQps { get; init; } = 50;

    /// <summary><c>--kube-api-burst</c>: client-side request burst (default 300).</summary>
    public int KubeApiBurst { get; init; } = 300;

    /// <summary><c>--log-level</c>: <c>trace</c>, <c>debug</c>, <c>info</c> (default) or <c>error</c>.</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary><c>--log-encoding</c>: <c>json</c> (default) or <c>console</c>.</summary>
    public string LogEncoding { get; init; } = "json";

    /// <summary><c>--interval-jitter-percentage</c>: ± jitter on requeue intervals, 0..99 (default 5).</summary>
    public int IntervalJitterPercentage { get; init; } = 5;

    /// <summary>The controller's namespace (env <c>RUNTIME_NAMESPACE</c>): the Lease's home and the single watched namespace.</summary>
    public string? RuntimeNamespace { get; init; }

    /// <summary>
    /// The Lease name: <see cref="DefaultLeaderElectionId"/>, or with a label selector
    /// <c>&lt;id&gt;-&lt;first 8 hex digits of sha256(selector)&gt;</c>, so each shard elects its own leader (as Flux).
    /// </summary>
    public string LeaderElectionId => string.IsNullOrEmpty(WatchLabelSelector)
        ? DefaultLeaderElectionId
        : $"{DefaultLeaderElectionId}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WatchLabelSelector)))[..8]}";

    /// <summary>The namespace informers watch: null for all, else <see cref="RuntimeNamespace"/>.</summary>
    /// <exception cref="FlagException">Single-namespace mode without <c>RUNTIME_NAMESPACE</c>.</exception>
    public string? WatchNamespace => WatchAllNamespaces
        ? null
        : RuntimeNamespace is { Length: > 0 } ns ? ns : throw new FlagException("--watch-all-namespaces=false needs the RUNTIME_NAMESPACE environment variable");

    /// <summary>
    /// Binds the runtime's flags from <paramref name="flags"/> (from <see cref="FlagParser.Parse"/>); other flags are
    /// ignored. <paramref name="environment"/> supplies <c>RUNTIME_NAMESPACE</c> and <c>METRICS_ADDR</c>.
    /// </summary>
    /// <exception cref="FlagException">A value does not parse or is out of range.</exception>
    public static RuntimeOptions FromFlags(IReadOnlyDictionary<string, string> flags, Func<string, string?> environment)
    {
        var o = new RuntimeOptions
        {
            RuntimeNamespace = environment("RUNTIME_NAMESPACE"),
            MetricsAddr = environment("METRICS_ADDR") is { Length: > 0 } metrics ? metrics : ":8080",
            EventsAddr = environment("EVENTS_ADDR") ?? string.Empty,
        };
        string? Get(string name) => flags.TryGetValue(name, out var v) ? v : null;
        T Parse<T>(string name, T fallback, Func<string, T> parse)
        {
            if (Get(name) is not { } text)
            {
                return fallback;
            }

            try
            {
                return parse(text);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new FlagException($"invalid value \"{text}\" for --{name}: {e.Message}", e);
            }
        }

        static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
        static bool Bool(string s) => s switch
        {
            "true" or "1" or "t" or "T" or "TRUE" or "True" => true,
            "false" or "0" or "f" or "F" or "FALSE" or "False" => false,
            _ => throw new FormatException("not a boolean"),
        };

        o = o with
        {
            Concurrent = Parse("concurrent", o.Concurrent, Int),
            MinRetryDelay = Parse("min-retry-delay", o.MinRetryDelay, GoDuration.Parse),
            MaxRetryDelay = Parse("max-retry-delay", o.MaxRetryDelay, GoDuration.Parse),
            WatchAllNamespaces = Parse("watch-all-namespaces", o.WatchAllNamespaces, Bool),
            WatchLabelSelector = Get("watch-label-selector") ?? o.WatchLabelSelector,
            EnableLeaderElection = Parse("enable-leader-election", o.EnableLeaderElection, Bool),
            LeaderElectionLeaseDuration = Parse("leader-election-lease-duration", o.LeaderElectionLeaseDuration, GoDuration.Parse),
            LeaderElectionRenewDeadline = Parse("leader-election-renew-deadline", o.LeaderElectionRenewDeadline, GoDuration.Parse),
            LeaderElectionRetryPeriod = Parse("leader-election-retry-period", o.LeaderElectionRetryPeriod, GoDuration.Parse),
            LeaderElectionReleaseOnCancel = Parse("leader-election-release-on-cancel", o.LeaderElectionReleaseOnCancel, Bool),
            MetricsAddr = Get("metrics-addr") ?? o.MetricsAddr,
            HealthAddr = Get("health-addr") ?? o.HealthAddr,
            KubeApiQps = Parse("kube-api-qps", o.KubeApiQps, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)),
            KubeApiBurst = Parse("kube-api-burst", o.KubeApiBurst, Int),
            LogLevel = Get("log-level") ?? o.LogLevel,
            LogEncoding = Get("log-encoding") ?? o.LogEncoding,
            IntervalJitterPercentage = Parse("interval-jitter-percentage", o.IntervalJitterPercentage, Int),
            EventsAddr = Get("events-addr") ?? o.EventsAddr,
        };
        o.Validate();
        return o;
    }

    /// <exception cref="FlagException">A value is out of range.</exception>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new FlagException(message);
            }
        }

        Require(Concurrent > 0, "--concurrent must be positive");
        Require(MinRetryDelay > TimeSpan.Zero && MinRetryDelay <= MaxRetryDelay, "--min-retry-delay must be positive and not above --max-retry-delay");
        Require(
            LeaderElectionRetryPeriod < LeaderElectionRenewDeadline && LeaderElectionRenewDeadline < LeaderElectionLeaseDuration,
            "leader election needs --leader-election-retry-period < --leader-election-renew-deadline < --leader-election-lease-duration");
        Require(KubeApiQps > 0 && KubeApiBurst > 0, "--kube-api-qps and --kube-api-burst must be positive");
        Require(LogLevel is "trace" or "debug" or "info" or "error", "--log-level must be trace, debug, info or error");
        Require(LogEncoding is "json" or "console", "--log-encoding must be json or console");
        Require(IntervalJitterPercentage is >= 0 and < 100, "--interval-jitter-percentage must be in [0, 100)");
        Require(
            EventsAddr.Length == 0 || (Uri.TryCreate(EventsAddr, UriKind.Absolute, out var events) && events.Scheme is "http" or "https"),
            $"invalid value \"{EventsAddr}\" for --events-addr: must be an http or https URL");
    }
}
