namespace OciSource.Distribution.Cloud.Aws;

/// <summary>
/// Where the AWS provider finds its endpoints and the controller's web identity: the AWS SDKs' documented environment
/// variables, read once by <see cref="FromEnvironment()"/> at start-up. Nothing here is a secret.
/// </summary>
public sealed record AwsProviderSettings
{
    /// <summary>The STS endpoint (<c>AWS_ENDPOINT_URL_STS</c>, else <c>AWS_ENDPOINT_URL</c>); null: the SDK's regional endpoint of the registry's region.</summary>
    public Uri? StsEndpoint { get; init; }

    /// <summary>The ECR API endpoint (<c>AWS_ENDPOINT_URL_ECR</c>, else <c>AWS_ENDPOINT_URL</c>); null: <c>https://api.ecr.&lt;region&gt;.&lt;partition suffix&gt;</c>.</summary>
    public Uri? EcrEndpoint { get; init; }

    /// <summary>The ECR Public API endpoint (<c>AWS_ENDPOINT_URL_ECR_PUBLIC</c>, else <c>AWS_ENDPOINT_URL</c>); null: <c>https://api.ecr-public.us-east-1.amazonaws.com</c>.</summary>
    public Uri? EcrPublicEndpoint { get; init; }

    /// <summary>Use the FIPS endpoints of STS and ECR (<c>AWS_USE_FIPS_ENDPOINT=true</c>) where no endpoint is set.</summary>
    public bool UseFipsEndpoint { get; init; }

    /// <summary>
    /// The controller's IRSA identity (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c>, <c>AWS_ROLE_ARN</c>, <c>AWS_ROLE_SESSION_NAME</c>);
    /// null when unset or when <c>AWS_ACCESS_KEY_ID</c> is set (the SDK's default chain takes environment keys first).
    /// When null, the controller's identity is the SDK's default chain.
    /// </summary>
    public AwsWebIdentity? WebIdentity { get; init; }

    /// <summary>The settings from the process environment.</summary>
    /// <exception cref="InvalidOperationException">An endpoint variable holds no absolute http(s) URL (the message names the variable).</exception>
    public static AwsProviderSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>The settings from <paramref name="variable"/> (a variable's value, or null when unset).</summary>
    /// <exception cref="InvalidOperationException">An endpoint variable holds no absolute http(s) URL (the message names the variable).</exception>
    public static AwsProviderSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Read(string name) => variable(name) is { Length: > 0 } value ? value.Trim() : null;
        Uri? Endpoint(string name) => ParseEndpoint(name, Read(name)) ?? ParseEndpoint("AWS_ENDPOINT_URL", Read("AWS_ENDPOINT_URL"));

        var tokenFile = Read("AWS_WEB_IDENTITY_TOKEN_FILE");
        var roleArn = Read("AWS_ROLE_ARN");
        var webIdentity = tokenFile is not null && roleArn is not null && Read("AWS_ACCESS_KEY_ID") is null
            ? new AwsWebIdentity(tokenFile, roleArn, Read("AWS_ROLE_SESSION_NAME"))
            : null;
        return new AwsProviderSettings
        {
            StsEndpoint = Endpoint("AWS_ENDPOINT_URL_STS"),
            EcrEndpoint = Endpoint("AWS_ENDPOINT_URL_ECR"),
            EcrPublicEndpoint = Endpoint("AWS_ENDPOINT_URL_ECR_PUBLIC"),
            UseFipsEndpoint = string.Equals(Read("AWS_USE_FIPS_ENDPOINT"), "true", StringComparison.OrdinalIgnoreCase),
            WebIdentity = webIdentity,
        };
    }

    private static Uri? ParseEndpoint(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"the environment variable {name} must be an absolute http(s) URL");
        }

        return uri;
    }
}
