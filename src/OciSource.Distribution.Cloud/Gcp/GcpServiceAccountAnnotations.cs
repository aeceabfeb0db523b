using System.Text.RegularExpressions;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>The ServiceAccount annotations fluxcd/pkg <c>auth/gcp</c> reads, with Flux's patterns and messages.</summary>
internal static partial class GcpServiceAccountAnnotations
{
    /// <summary>The Google service account to impersonate (GKE's own annotation).</summary>
    public const string ServiceAccountKey = "iam.gke.io/gcp-service-account";

    /// <summary>The workload identity pool provider, for clusters outside GKE.</summary>
    public const string WorkloadIdentityProviderKey = "gcp.auth.fluxcd.io/workload-identity-provider";

    public const string ServiceAccountPattern = @"^[a-zA-Z0-9-]{1,100}@[a-zA-Z0-9-]{1,100}\.iam\.gserviceaccount\.com$";

    public const string WorkloadIdentityProviderPattern = @"^projects/\d{1,30}/locations/global/workloadIdentityPools/[^/]{1,100}/providers/[^/]{1,100}$";

    /// <summary>The Google service account email to impersonate; empty when the annotation is absent (the federated token is used directly).</summary>
    /// <exception cref="CloudProviderException">The annotation does not hold a service account email.</exception>
    public static string ServiceAccountEmail(ServiceAccountInfo account) =>
        Read(account, ServiceAccountKey, ServiceAccountPattern, ServiceAccount());

    /// <summary>The STS audience <c>//iam.googleapis.com/&lt;provider&gt;</c>; empty when the annotation is absent (the cluster is GKE).</summary>
    /// <exception cref="CloudProviderException">The annotation does not name a workload identity pool provider.</exception>
    public static string WorkloadIdentityProviderAudience(ServiceAccountInfo account)
    {
        var provider = Read(account, WorkloadIdentityProviderKey, WorkloadIdentityProviderPattern, WorkloadIdentityProvider());
        return provider.Length == 0 ? string.Empty : "//iam.googleapis.com/" + provider;
    }

    private static string Read(ServiceAccountInfo account, string key, string pattern, Regex regex)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!account.Annotations.TryGetValue(key, out var value) || value.Length == 0)
        {
            return string.Empty;
        }

        return regex.IsMatch(value)
            ? value
            : throw new CloudProviderException($"invalid {key} annotation: '{value}'. must match {pattern}");
    }

    [GeneratedRegex(ServiceAccountPattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ServiceAccount();

    [GeneratedRegex(WorkloadIdentityProviderPattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WorkloadIdentityProvider();
}
