namespace OciSource.Distribution.Cloud.Tests.Aws;

/// <summary>
/// Sets process environment variables and restores their previous values on dispose. Always clears the variables of
/// the AWS SDK's default chain that the test does not set, and disables the EC2 instance metadata lookup so the chain
/// never reaches for 169.254.169.254 from a test.
/// </summary>
internal sealed class EnvironmentScope : IDisposable
{
    private static readonly string[] ChainVariables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED",
    ];

    private readonly Dictionary<string, string?> _previous = [];

    public EnvironmentScope(IReadOnlyDictionary<string, string> variables)
    {
        foreach (var name in ChainVariables.Concat(variables.Keys).Distinct())
        {
            _previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, variables.GetValueOrDefault(name));
        }

        var empty = Path.Combine(Path.GetTempPath(), "ocisource-no-aws-files");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", variables.GetValueOrDefault("AWS_SHARED_CREDENTIALS_FILE") ?? Path.Combine(empty, "credentials"));
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", variables.GetValueOrDefault("AWS_CONFIG_FILE") ?? Path.Combine(empty, "config"));
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", variables.GetValueOrDefault("AWS_EC2_METADATA_DISABLED") ?? "true");
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
