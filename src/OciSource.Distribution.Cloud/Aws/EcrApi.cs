using Amazon;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// One of the two registry APIs: ECR (service <c>ecr</c>, target <c>AmazonEC2ContainerRegistry_V20150921</c>) and ECR
/// Public (service <c>ecr-public</c>, target <c>SpencerFrontendService</c>, us-east-1 only), with their endpoints as
/// AWS documents them.
/// </summary>
internal sealed record EcrApi(string Name, string SigningService, string Target, string Region, Uri Endpoint)
{
    /// <summary>The API serving <paramref name="input"/> (from <see cref="EcrRegistry.ParseInput"/>).</summary>
    public static EcrApi For(string input, AwsProviderSettings settings)
    {
        if (input == EcrRegistry.PublicHost)
        {
            var publicEndpoint = settings.EcrPublicEndpoint ?? new Uri($"https://api.ecr-public.{EcrRegistry.PublicRegion}.amazonaws.com");
            return new EcrApi("ECR Public", "ecr-public", "SpencerFrontendService.GetAuthorizationToken", EcrRegistry.PublicRegion, publicEndpoint);
        }

        var suffix = RegionEndpoint.GetBySystemName(input).PartitionDnsSuffix;
        var endpoint = settings.EcrEndpoint
            ?? new Uri(settings.UseFipsEndpoint ? $"https://ecr-fips.{input}.{suffix}" : $"https://api.ecr.{input}.{suffix}");
        return new EcrApi("ECR", "ecr", "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", input, endpoint);
    }
}
