using OciSource.Distribution.Auth;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Client;

/// <summary>Per-client settings: credentials, transport, limits and retries.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Where credentials come from; anonymous by default.</summary>
    public ICredentialStore Credentials { get; init; } = AnonymousCredentials.Instance;

    public RegistryTransportOptions Transport { get; init; } = new();

    public RetryOptions Retry { get; init; } = new();

    /// <summary>Largest manifest or index accepted (Flux and the distribution spec: 4 MiB).</summary>
    public int MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most tags a listing may return before it fails (all pages together).</summary>
    public int MaxTags { get; init; } = 100_000;

    /// <summary>Most bytes a tag listing may read (all pages together).</summary>
    public long MaxTagListBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Tags asked for per page (<c>n</c>), as go-containerregistry does.</summary>
    public int TagPageSize { get; init; } = 1000;

    /// <summary>Sent with every request, token requests included.</summary>
    public string UserAgent { get; init; } = "oci-source-controller/1.0";
}
