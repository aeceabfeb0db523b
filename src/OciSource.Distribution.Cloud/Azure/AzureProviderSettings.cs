using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OciSource.Distribution.Cloud.Azure;

/// <summary>
/// Where the Azure provider finds the controller's identity and the cloud's endpoints, from the environment variables
/// Azure.Identity and Flux document (<see cref="FromEnvironment()"/>). Holds no secret: a client secret or certificate
/// for <see cref="HasEnvironmentCredential"/> stays in the process environment, where Azure.Identity's
/// <c>EnvironmentCredential</c> reads it.
/// </summary>
public sealed record AzureProviderSettings
{
    /// <summary><c>AZURE_AUTHORITY_HOST</c>: the Entra ID authority (<c>https://login.microsoftonline.com/</c> when null).</summary>
    public string? AuthorityHost { get; init; }

    /// <summary><c>AZURE_TENANT_ID</c>: the controller identity's tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary><c>AZURE_CLIENT_ID</c>: the controller identity's application (workload identity) or user-assigned managed identity.</summary>
    public string? ClientId { get; init; }

    /// <summary><c>AZURE_FEDERATED_TOKEN_FILE</c>: the projected ServiceAccount token of the controller pod (workload identity).</summary>
    public string? FederatedTokenFile { get; init; }

    /// <summary>
    /// True when <c>AZURE_TENANT_ID</c>, <c>AZURE_CLIENT_ID</c> and a secret (<c>AZURE_CLIENT_SECRET</c>,
    /// <c>AZURE_CLIENT_CERTIFICATE_PATH</c>, or <c>AZURE_USERNAME</c> with <c>AZURE_PASSWORD</c>) are set: Azure.Identity's
    /// <c>EnvironmentCredential</c> is then the controller identity, as Flux's chain puts it first.
    /// </summary>
    public bool HasEnvironmentCredential { get; init; }

    /// <summary>
    /// <c>AZURE_ENVIRONMENT_FILEPATH</c>: a JSON file describing a custom cloud (<c>containerRegistryDNSSuffix</c>,
    /// <c>resourceManagerEndpoint</c>, <c>tokenAudience</c>), read on every use as Flux does.
    /// </summary>
    public string? EnvironmentFilePath { get; init; }

    /// <summary>
    /// Roots the operator trusts for Azure's endpoints — the Entra ID authority host and ACR's token exchange — in addition
    /// to the system trust store (a private cloud with a private CA); null trusts the system store only, as Flux. Never
    /// an object's <c>certSecretRef</c>. Not read from the environment: on Linux .NET already honours
    /// <c>SSL_CERT_FILE</c>/<c>SSL_CERT_DIR</c> at process start. Owned by the caller.
    /// </summary>
    public X509Certificate2Collection? AuthorityRootCertificates { get; init; }

    /// <summary>The settings from the process environment.</summary>
    public static AzureProviderSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>The settings from <paramref name="variable"/> (name → value or null); empty values count as unset.</summary>
    public static AzureProviderSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Get(string name) => variable(name) is { Length: > 0 } value ? value : null;
        var tenant = Get("AZURE_TENANT_ID");
        var client = Get("AZURE_CLIENT_ID");
        var secret = Get("AZURE_CLIENT_SECRET") is not null
            || Get("AZURE_CLIENT_CERTIFICATE_PATH") is not null
            || (Get("AZURE_USERNAME") is not null && Get("AZURE_PASSWORD") is not null);
        return new AzureProviderSettings
        {
            AuthorityHost = Get("AZURE_AUTHORITY_HOST"),
            TenantId = tenant,
            ClientId = client,
            FederatedTokenFile = Get("AZURE_FEDERATED_TOKEN_FILE"),
            HasEnvironmentCredential = tenant is not null && client is not null && secret,
            EnvironmentFilePath = Get("AZURE_ENVIRONMENT_FILEPATH"),
        };
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("AuthorityHost = ").Append(AuthorityHost ?? "(default)")
            .Append(", TenantId = ").Append(TenantId ?? "(none)")
            .Append(", ClientId = ").Append(ClientId ?? "(none)")
            .Append(", FederatedTokenFile = ").Append(FederatedTokenFile ?? "(none)")
            .Append(", HasEnvironmentCredential = ").Append(HasEnvironmentCredential)
            .Append(", EnvironmentFilePath = ").Append(EnvironmentFilePath ?? "(none)")
            .Append(", AuthorityRootCertificates = ").Append(AuthorityRootCertificates?.Count ?? 0);
        return true;
    }
}
