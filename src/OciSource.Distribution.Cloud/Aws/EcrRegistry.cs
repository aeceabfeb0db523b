using System.Text.RegularExpressions;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// ECR registry hosts as fluxcd/pkg <c>auth/aws</c> reads them: <c>&lt;account&gt;.dkr.ecr[-fips].&lt;region&gt;.&lt;partition
/// suffix&gt;</c> (the AWS ECR credential helper's pattern, public, China, GovCloud and isolated partitions, dual-stack
/// <c>dkr-ecr…on.aws</c>) and ECR Public (<c>public.ecr.aws</c>, always region us-east-1).
/// </summary>
internal static partial class EcrRegistry
{
    /// <summary>The registry input (and region) of ECR Public.</summary>
    public const string PublicHost = "public.ecr.aws";

    /// <summary>The only region ECR Public's GetAuthorizationToken serves.</summary>
    public const string PublicRegion = "us-east-1";

    /// <summary>Flux's pattern, as its error message shows it.</summary>
    public const string Pattern = @"([0-9+]*).dkr[.-]ecr(?:-fips)?\.([^/.]*)\.(amazonaws\.com[.cn]*|amazonaws\.eu|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|on\.aws)";

    /// <summary>
    /// The region of an ECR host, or <see cref="PublicHost"/> for ECR Public. Unlike Flux (which searches the pattern
    /// anywhere in the string) the whole host must match, optionally with a port, so a host such as
    /// <c>1.dkr.ecr.us-east-1.amazonaws.com.example.org</c> never receives ECR credentials.
    /// </summary>
    /// <exception cref="CloudProviderException">Not an ECR host: Flux's message.</exception>
    public static string ParseInput(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var host = registry.TrimEnd('/');
        if (host == PublicHost)
        {
            return PublicHost;
        }

        var match = HostRegex().Match(host);
        if (!match.Success)
        {
            throw new CloudProviderException($"invalid AWS registry: '{host}'. must match {Pattern}");
        }

        return match.Groups[2].Value;
    }

    /// <summary>The region whose endpoints serve <paramref name="input"/> (from <see cref="ParseInput"/>).</summary>
    public static string RegionOf(string input) => input == PublicHost ? PublicRegion : input;

    [GeneratedRegex("^" + Pattern + @"(?::[0-9]{1,5})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostRegex();
}
