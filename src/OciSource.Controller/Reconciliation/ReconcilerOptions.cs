using System.Globalization;
using OciSource.Controller.Cloud;
using OciSource.Controller.Hosting;
using OciSource.Runtime.Hosting;
using OciSource.Verification.Sigstore;

namespace OciSource.Controller.Reconciliation;

/// <summary>Settings of the OCIRepository reconciler that come from flags.</summary>
internal sealed record ReconcilerOptions
{
    /// <summary>The reconciler's own flags (the runtime's are in <see cref="RuntimeOptions.KnownFlags"/>).</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(FeatureGates.Names, StringComparer.Ordinal) { "progress-status-delay", "sigstore-trusted-root", "token-cache-max-size", "token-cache-max-duration" };

    /// <summary><c>--interval-jitter-percentage</c>: ± jitter on the success requeue.</summary>
    public int IntervalJitterPercentage { get; init; } = 5;

    /// <summary>
    /// <c>--progress-status-delay</c> (ours, default 1 s): how long a reconcile runs before its progress status is written
    /// (see <see cref="StatusWriter"/>); 0 writes every progress at once, as Flux.
    /// </summary>
    public TimeSpan ProgressStatusDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The Sigstore trusted root for keyless cosign verification when an object names no <c>verify.trustedRootSecretRef</c>:
    /// Sigstore's public-good root built into the controller, or <c>--sigstore-trusted-root=&lt;file&gt;</c> (ours).
    /// </summary>
    public TrustedRoot SigstoreTrustedRoot { get; init; } = TrustedRoot.Production;

    /// <summary><c>--feature-gates</c> and <c>--default-service-account</c> (<see cref="Hosting.FeatureGates"/>).</summary>
    public FeatureGates FeatureGates { get; init; } = new();

    /// <summary><c>--token-cache-max-size</c> and <c>--token-cache-max-duration</c>: the cloud provider credential cache.</summary>
    public TokenCacheOptions TokenCache { get; init; } = new();

    /// <summary>Sent to registries.</summary>
    public string UserAgent { get; init; } = "oci-source-controller/1.0";

    /// <exception cref="FlagException">A value is not a Go duration, or negative; the trusted root file cannot be read or is not a trusted root; malformed <c>--feature-gates</c>.</exception>
    /// <exception cref="InvalidConfigurationException">An unsupported feature gate, or a default service account without its gate (<see cref="FeatureGates.FromFlags"/>).</exception>
    public static ReconcilerOptions FromFlags(IReadOnlyDictionary<string, string> flags, RuntimeOptions runtime)
    {
        var options = new ReconcilerOptions
        {
            IntervalJitterPercentage = runtime.IntervalJitterPercentage,
            FeatureGates = FeatureGates.FromFlags(flags),
            TokenCache = TokenCacheFromFlags(flags),
        };
        if (flags.TryGetValue("sigstore-trusted-root", out var path))
        {
            options = options with { SigstoreTrustedRoot = LoadTrustedRoot(path) };
        }

        if (!flags.TryGetValue("progress-status-delay", out var value))
        {
            return options;
        }

        TimeSpan delay;
        try
        {
            delay = GoDuration.Parse(value);
        }
        catch (FormatException e)
        {
            throw new FlagException($"invalid --progress-status-delay: {e.Message}", e);
        }

        return delay >= TimeSpan.Zero ? options with { ProgressStatusDelay = delay } : throw new FlagException("--progress-status-delay must not be negative");
    }

    private static TrustedRoot LoadTrustedRoot(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > TrustedRoot.MaxSize)
            {
                throw new FlagException($"invalid --sigstore-trusted-root: '{path}' is larger than {TrustedRoot.MaxSize} bytes");
            }

            return TrustedRoot.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SigstoreVerificationException)
        {
            throw new FlagException($"invalid --sigstore-trusted-root: {e.Message}", e);
        }
    }

    /// <summary>
    /// fluxcd/pkg <c>TokenFlags</c>: an int and a Go duration; a negative size is refused (Flux: the cache cannot be
    /// created, exit 1; here exit 2 with the flag named), a duration above 1h is capped to 1h as fluxcd/pkg caps it.
    /// </summary>
    private static TokenCacheOptions TokenCacheFromFlags(IReadOnlyDictionary<string, string> flags)
    {
        var options = new TokenCacheOptions();
        if (flags.TryGetValue("token-cache-max-size", out var size))
        {
            if (!int.TryParse(size, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new FlagException($"invalid argument \"{size}\" for \"--token-cache-max-size\" flag: strconv.ParseInt: parsing \"{size}\": invalid syntax");
            }

            options = parsed >= 0 ? options with { MaxSize = parsed } : throw new FlagException("--token-cache-max-size must not be negative");
        }

        if (flags.TryGetValue("token-cache-max-duration", out var duration))
        {
            TimeSpan parsed;
            try
            {
                parsed = GoDuration.Parse(duration);
            }
            catch (FormatException e)
            {
                throw new FlagException($"invalid --token-cache-max-duration: {e.Message}", e);
            }

            options = parsed > TimeSpan.Zero
                ? options with { MaxDuration = parsed < TokenCacheOptions.MaxDurationLimit ? parsed : TokenCacheOptions.MaxDurationLimit }
                : throw new FlagException("--token-cache-max-duration must be positive");
        }

        return options;
    }
}
