using OciSource.Runtime.Hosting;

namespace OciSource.Controller.Hosting;

/// <summary>
/// Flux source-controller's feature gates (<c>--feature-gates=Name=true,Other=false</c>, as fluxcd/pkg
/// runtime/features) and <c>--default-service-account</c>. Known gates, both off by default:
/// <c>CacheSecretsAndConfigMaps</c> (Secrets are read from an informer cache; this controller reads no ConfigMaps) and
/// <c>ObjectLevelWorkloadIdentity</c> (cloud providers may use <c>spec.serviceAccountName</c>'s identity).
/// </summary>
internal sealed record FeatureGates
{
    public const string CacheSecretsAndConfigMapsGate = "CacheSecretsAndConfigMaps";
    public const string ObjectLevelWorkloadIdentityGate = "ObjectLevelWorkloadIdentity";

    /// <summary>The flags read here.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "feature-gates", "default-service-account" };

    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { CacheSecretsAndConfigMapsGate, ObjectLevelWorkloadIdentityGate };

    /// <summary>Secret reads go through an informer cache of the watched namespace(s) (list + watch) instead of a GET each.</summary>
    public bool CacheSecretsAndConfigMaps { get; init; }

    /// <summary>Object-level workload identity: a cloud provider authenticates as <c>spec.serviceAccountName</c> (TokenRequest + the provider's exchange).</summary>
    public bool ObjectLevelWorkloadIdentity { get; init; }

    /// <summary>
    /// <c>--default-service-account</c>: the ServiceAccount for cloud-provider workload identity when an object names none.
    /// Requires <see cref="ObjectLevelWorkloadIdentity"/>; null when unset.
    /// </summary>
    public string? DefaultServiceAccount { get; init; }

    /// <exception cref="FlagException">
    /// <c>--feature-gates</c> is not a list of <c>name=bool</c> pairs (Go's <c>strconv.ParseBool</c> values); pflag's message.
    /// </exception>
    /// <exception cref="InvalidConfigurationException">
    /// A gate source-controller does not know (<c>unable to load feature gates: feature-gate '…' not supported</c>), or
    /// <c>--default-service-account</c> without <c>ObjectLevelWorkloadIdentity=true</c>; Flux exits 1 for both.
    /// </exception>
    public static FeatureGates FromFlags(IReadOnlyDictionary<string, string> flags)
    {
        var gates = flags.TryGetValue("feature-gates", out var value) ? Parse(value) : [];
        foreach (var name in gates.Keys)
        {
            if (!Supported.Contains(name))
            {
                throw new InvalidConfigurationException($"unable to load feature gates: feature-gate '{name}' not supported");
            }
        }

        var result = new FeatureGates
        {
            CacheSecretsAndConfigMaps = gates.GetValueOrDefault(CacheSecretsAndConfigMapsGate),
            ObjectLevelWorkloadIdentity = gates.GetValueOrDefault(ObjectLevelWorkloadIdentityGate),
            DefaultServiceAccount = flags.TryGetValue("default-service-account", out var account) && account.Length > 0 ? account : null,
        };
        if (result.DefaultServiceAccount is not null && !result.ObjectLevelWorkloadIdentity)
        {
            throw new InvalidConfigurationException(
                $"invalid configuration: cannot set default service accounts when the feature gate {ObjectLevelWorkloadIdentityGate} is not enabled");
        }

        return result;
    }

    // k8s.io/component-base cliflag.MapStringBool.Set: comma-separated, empty items skipped, key and value trimmed.
    private static Dictionary<string, bool> Parse(string value)
    {
        var gates = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var item in value.Split(','))
        {
            if (item.Length == 0)
            {
                continue;
            }

            var separator = item.IndexOf('=', StringComparison.Ordinal);
            if (separator < 0)
            {
                throw Invalid(value, "malformed pair, expect string=bool");
            }

            var key = item[..separator].Trim();
            var text = item[(separator + 1)..].Trim();
            gates[key] = ParseGoBool(text) ?? throw Invalid(value, $"invalid value of {key}: {text}, err: strconv.ParseBool: parsing \"{text}\": invalid syntax");
        }

        return gates;
    }

    private static bool? ParseGoBool(string text) => text switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    private static FlagException Invalid(string value, string reason) => new($"invalid argument \"{value}\" for \"--feature-gates\" flag: {reason}");
}
