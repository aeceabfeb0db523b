using System.Text.Json.Serialization;

namespace OciSource.Api.V1;

/// <summary>The desired state, field for field as Flux's <c>OCIRepositorySpec</c>.</summary>
public sealed record OCIRepositorySpec
{
    /// <summary><c>oci://host[:port]/path/repo</c>, without tag or digest.</summary>
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    [JsonPropertyName("ref")]
    public OCIRepositoryRef? Reference { get; init; }

    [JsonPropertyName("layerSelector")]
    public OCILayerSelector? LayerSelector { get; init; }

    /// <summary><c>generic</c> (default), <c>aws</c>, <c>azure</c> or <c>gcp</c>.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>A <c>kubernetes.io/dockerconfigjson</c> Secret with registry credentials.</summary>
    [JsonPropertyName("secretRef")]
    public LocalObjectReference? SecretRef { get; init; }

    [JsonPropertyName("verify")]
    public OCIRepositoryVerification? Verify { get; init; }

    /// <summary>Whose image pull secrets add credentials.</summary>
    [JsonPropertyName("serviceAccountName")]
    public string? ServiceAccountName { get; init; }

    /// <summary><c>tls.crt</c>/<c>tls.key</c> client certificate and <c>ca.crt</c>.</summary>
    [JsonPropertyName("certSecretRef")]
    public LocalObjectReference? CertSecretRef { get; init; }

    /// <summary><c>address</c>, <c>username</c>, <c>password</c> of an HTTP/HTTPS/SOCKS5 proxy.</summary>
    [JsonPropertyName("proxySecretRef")]
    public LocalObjectReference? ProxySecretRef { get; init; }

    /// <summary>How often to check the registry (Go duration).</summary>
    [JsonPropertyName("interval")]
    public required string Interval { get; init; }

    /// <summary>Bound of one fetch (default <c>60s</c>).</summary>
    [JsonPropertyName("timeout")]
    public string? Timeout { get; init; }

    /// <summary>Extra <c>.gitignore</c>-style exclusions for extract mode.</summary>
    [JsonPropertyName("ignore")]
    public string? Ignore { get; init; }

    /// <summary>Allow plain HTTP, and skip TLS verification when no CA is given.</summary>
    [JsonPropertyName("insecure")]
    public bool Insecure { get; init; }

    /// <summary>Stop reconciling (deletion is still handled).</summary>
    [JsonPropertyName("suspend")]
    public bool Suspend { get; init; }
}
