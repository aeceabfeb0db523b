using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// <c>spec.provider: aws</c> (fluxcd/pkg <c>auth/aws</c>): ECR and ECR Public credentials, username <c>AWS</c>.
/// <list type="bullet">
/// <item>Controller identity: with IRSA settings (<see cref="AwsProviderSettings.WebIdentity"/>) the SDK's
/// <see cref="AssumeRoleWithWebIdentityCredentials"/> asking STS in the registry's region, as Flux; otherwise the SDK's
/// default chain (<see cref="DefaultAWSCredentialsIdentityResolver"/>: environment keys, EKS Pod Identity / container
/// credentials, EC2 instance metadata).</item>
/// <item>Object-level identity: STS <c>AssumeRoleWithWebIdentity</c> with the ServiceAccount token, the role of its
/// <c>eks.amazonaws.com/role-arn</c> annotation and Flux's session name, in the registry's region.</item>
/// <item>Registry credential: ECR <c>GetAuthorizationToken</c> signed with the SDK's SigV4 signer.</item>
/// </list>
/// Thread-safe and long-lived: the SDK's credential objects cache and refresh their credentials.
/// </summary>
public sealed class AwsRegistryProvider : ICloudRegistryProvider, IDisposable
{
    /// <summary>The audience of the ServiceAccount token (Flux's <c>GetAudiences</c>).</summary>
    public const string Audience = "sts.amazonaws.com";

    private static readonly IReadOnlyList<string> Audiences = [Audience];
    private readonly AwsProviderSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DefaultAWSCredentialsIdentityResolver _defaultChain = new();
    private readonly NetworkPathCache<(string Region, string Network), RegionalWebIdentityCredentials> _webIdentities = new();

    public AwsRegistryProvider(AwsProviderSettings settings, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AwsRegistryProvider>();
    }

    public string Name => "aws";

    /// <summary>The ECR region of the host, or <c>public.ecr.aws</c> (Flux's registry input: an ECR token serves every registry the identity may read in that region).</summary>
    public string ParseRegistry(string registry) => EcrRegistry.ParseInput(registry);

    public ValueTask<IReadOnlyList<string>> GetAudiencesAsync(ServiceAccountInfo account, CloudHttp http, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Audiences);

    /// <summary>The role ARN of the <c>eks.amazonaws.com/role-arn</c> annotation.</summary>
    public string GetIdentity(ServiceAccountInfo account) => EksRoleAnnotation.RoleArn(account);

    public async Task<CloudAccessToken> GetAccessTokenAsync(string registry, WorkloadToken? workload, CloudHttp http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var region = EcrRegistry.RegionOf(ParseRegistry(registry));
        return workload is null
            ? await GetControllerTokenAsync(region, http, cancellationToken)
            : await AssumeRoleWithWebIdentityAsync(region, workload, http, cancellationToken);
    }

    public Task<CloudRegistryCredential> GetRegistryCredentialAsync(
        string registryInput, CloudAccessToken accessToken, CloudHttp http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (accessToken is not AwsCredentialsToken token)
        {
            throw new ArgumentException($"expected an {nameof(AwsCredentialsToken)}", nameof(accessToken));
        }

        var api = EcrApi.For(registryInput, _settings);
        AwsLog.AskingRegistryToken(_logger, api.Name, api.Endpoint.Host);
        return EcrAuthorizationClient.GetAuthorizationTokenAsync(api, token.Credentials, http, _time, cancellationToken);
    }

    /// <summary>How many per-network-path objects (handlers, SDK clients, credentials) are held now.</summary>
    internal int NetworkPathObjects => _webIdentities.Count;

    public void Dispose()
    {
        foreach (var credentials in _webIdentities.Values)
        {
            credentials.Dispose();
        }

        _defaultChain.Dispose();
    }

    private async Task<CloudAccessToken> GetControllerTokenAsync(string region, CloudHttp http, CancellationToken cancellationToken)
    {
        AWSCredentials credentials;
        string source;
        if (_settings.WebIdentity is { } identity)
        {
            source = "the controller's web identity (AssumeRoleWithWebIdentity)";
            credentials = await SdkCallAsync<AWSCredentials>(
                source, null, () => Task.FromResult<AWSCredentials>(_webIdentities.GetOrAdd((region, http.Key), _ => new RegionalWebIdentityCredentials(identity, _settings, region, http))), cancellationToken);
        }
        else
        {
            credentials = await SdkCallAsync("the AWS SDK's default credential chain", null, () => _defaultChain.ResolveIdentityAsync(null, cancellationToken), cancellationToken);
            source = "the AWS SDK's default credential chain";
        }

        var immutable = await SdkCallAsync(source, null, () => credentials.GetCredentialsAsync().WaitAsync(cancellationToken), cancellationToken);
        var expiresAt = credentials.Expiration is { } expiration ? ToUtc(expiration) : DateTimeOffset.MaxValue;
        AwsLog.GotControllerCredentials(_logger, source);
        return new AwsCredentialsToken(immutable, expiresAt);
    }

    private async Task<CloudAccessToken> AssumeRoleWithWebIdentityAsync(string region, WorkloadToken workload, CloudHttp http, CancellationToken cancellationToken)
    {
        var request = new AssumeRoleWithWebIdentityRequest
        {
            RoleArn = EksRoleAnnotation.RoleArn(workload.Account),
            RoleSessionName = EksRoleAnnotation.RoleSessionName(workload.Account, region),
            WebIdentityToken = workload.Token,
        };
        using var client = StsClientFactory.Create(_settings, region, http);
        var response = await SdkCallAsync(
            $"STS AssumeRoleWithWebIdentity for ServiceAccount {workload.Account}", workload.Token, () => client.AssumeRoleWithWebIdentityAsync(request, cancellationToken), cancellationToken);
        if (response.Credentials is not { AccessKeyId: not null, SecretAccessKey: not null } credentials)
        {
            throw new CloudProviderException($"STS AssumeRoleWithWebIdentity for ServiceAccount {workload.Account} returned no credentials");
        }

        var expiresAt = credentials.Expiration is { } expiration ? ToUtc(expiration) : _time.GetUtcNow();
        return new AwsCredentialsToken(new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), expiresAt);
    }

    /// <summary>Runs an SDK call, turning its failures into <see cref="CloudProviderException"/> (cancellation passes through).</summary>
    private static async Task<T> SdkCallAsync<T>(string step, string? secret, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AmazonServiceException exception) when (!string.IsNullOrEmpty(exception.ErrorCode))
        {
            throw new CloudProviderException($"{step} failed: {exception.ErrorCode}: {Redact(exception.Message, secret)}", exception);
        }
        catch (Exception exception) when (exception is AmazonClientException or HttpRequestException or IOException or InvalidOperationException
            or ArgumentException or OperationCanceledException or UnauthorizedAccessException)
        {
            // The SDK's credential objects wrap STS's answer ("Error calling AssumeRole for role …"): name its code too.
            var cause = ServiceErrorWithin(exception) is { } service ? $": {service.ErrorCode}: {service.Message}" : string.Empty;
            throw new CloudProviderException($"{step} failed: {Redact(exception.Message + cause, secret)}", exception);
        }
    }

    /// <summary>An SDK time as an instant: an unspecified kind is UTC (as AWS sends it), a local one is converted.</summary>
    private static DateTimeOffset ToUtc(DateTime time) =>
        time.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(time, TimeSpan.Zero) : new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero);

    private static AmazonServiceException? ServiceErrorWithin(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AmazonServiceException { ErrorCode.Length: > 0 } service)
            {
                return service;
            }
        }

        return null;
    }

    private static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "<redacted>", StringComparison.Ordinal);
}
