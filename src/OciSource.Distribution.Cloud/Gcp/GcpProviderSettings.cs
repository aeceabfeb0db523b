namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Where the gcp provider finds Google's endpoints and the controller's own credential. <see cref="FromEnvironment()"/>
/// fills it from the variables Google's client libraries document; every other value is Google's public endpoint.
/// </summary>
public sealed record GcpProviderSettings
{
    /// <summary>Google's variable for the metadata server's <c>host[:port]</c> (Go's <c>metadata</c> package and Google's .NET client library read it).</summary>
    public const string MetadataHostVariable = "GCE_METADATA_HOST";

    /// <summary>Google's Application Default Credentials variable: a credential file (service account key, <c>external_account</c> for workload identity federation, …).</summary>
    public const string CredentialsFileVariable = "GOOGLE_APPLICATION_CREDENTIALS";

    /// <summary>The metadata server's IP address, as Google's libraries use it when <see cref="MetadataHostVariable"/> is unset.</summary>
    public const string DefaultMetadataHost = "169.254.169.254";

    /// <summary>
    /// The metadata server (<c>host[:port]</c>, plain HTTP, never proxied): the controller's token on GCE/GKE and the GKE
    /// cluster's project, location and name for object-level workload identity.
    /// </summary>
    public string MetadataHost { get; init; } = DefaultMetadataHost;

    /// <summary>
    /// The controller's credential file; when set it is used instead of the metadata server (Application Default
    /// Credentials order). Null: the metadata server.
    /// </summary>
    public string? CredentialsFile { get; init; }

    /// <summary>Security Token Service token exchange endpoint (object-level workload identity).</summary>
    public Uri StsTokenEndpoint { get; init; } = new("https://sts.googleapis.com/v1/token");

    /// <summary>IAM Service Account Credentials API base address; <c>v1/projects/-/serviceAccounts/&lt;email&gt;:generateAccessToken</c> is appended.</summary>
    public Uri IamCredentialsEndpoint { get; init; } = new("https://iamcredentials.googleapis.com/");

    /// <summary>The metadata server's base address, <c>http://&lt;host&gt;/computeMetadata/v1/</c>.</summary>
    internal Uri MetadataBase => new($"http://{MetadataHost}/computeMetadata/v1/");

    /// <summary>The settings from the process environment (<see cref="MetadataHostVariable"/>, <see cref="CredentialsFileVariable"/>).</summary>
    public static GcpProviderSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>The settings from <paramref name="variable"/> (a variable name → its value, null when unset).</summary>
    public static GcpProviderSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var host = variable(MetadataHostVariable);
        var file = variable(CredentialsFileVariable);
        return new GcpProviderSettings
        {
            MetadataHost = string.IsNullOrWhiteSpace(host) ? DefaultMetadataHost : host.Trim(),
            CredentialsFile = string.IsNullOrWhiteSpace(file) ? null : file,
        };
    }
}
