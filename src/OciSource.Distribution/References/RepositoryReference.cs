using System.Buffers;
using System.Globalization;
using System.Net;

namespace OciSource.Distribution.References;

/// <summary>
/// A repository in a registry, parsed as Flux does (go-containerregistry's <c>name.NewRepository</c>): the first path
/// segment is the registry only if it contains <c>.</c> or <c>:</c>, otherwise the registry is Docker Hub
/// (<c>index.docker.io</c>); <c>docker.io</c> is rewritten to <c>index.docker.io</c>; a single-segment Docker Hub
/// name gets <c>library/</c>. Repository names are lowercase (<c>a-z0-9_-./</c>, 2..255 characters).
/// </summary>
public sealed record RepositoryReference
{
    /// <summary>The URL scheme of <c>spec.url</c>.</summary>
    public const string OciScheme = "oci://";

    /// <summary>Docker Hub's registry host, as go-containerregistry names it.</summary>
    public const string DockerHubRegistry = "index.docker.io";

    private const string RepositoryCharacters = "abcdefghijklmnopqrstuvwxyz0123456789_-./";
    private static readonly SearchValues<char> AllowedRepositoryCharacters = SearchValues.Create(RepositoryCharacters);

    private RepositoryReference(string registry, string repository)
    {
        Registry = registry;
        Repository = repository;
    }

    /// <summary>The registry authority, <c>host[:port]</c> (IPv6 hosts in brackets).</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry, e.g. <c>library/nginx</c>.</summary>
    public string Repository { get; }

    /// <summary>
    /// True when the registry may be reached over plain HTTP without <c>insecure</c>: <c>localhost</c>,
    /// <c>*.localhost</c>, loopback and RFC 1918 addresses (go-containerregistry's rule).
    /// </summary>
    public bool IsLocal
    {
        get
        {
            var host = HostName;
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
                host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!IPAddress.TryParse(host, out var address))
            {
                return false;
            }

            if (IPAddress.IsLoopback(address))
            {
                return true;
            }

            var bytes = address.GetAddressBytes();
            return bytes.Length == 4 &&
                (bytes[0] == 10 || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31) || (bytes[0] == 192 && bytes[1] == 168));
        }
    }

    /// <summary>The registry host without port or IPv6 brackets.</summary>
    public string HostName
    {
        get
        {
            if (Registry.StartsWith('['))
            {
                return Registry[1..Registry.IndexOf(']', StringComparison.Ordinal)];
            }

            var colon = Registry.LastIndexOf(':');
            return colon < 0 ? Registry : Registry[..colon];
        }
    }

    /// <summary>Parses <c>oci://host[:port]/path/repo</c>, the form of <c>spec.url</c>.</summary>
    /// <exception cref="InvalidReferenceException">
    /// The URL does not start with <c>oci://</c>, names a tag or digest, or is not a valid repository name.
    /// </exception>
    public static RepositoryReference ParseOciUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.StartsWith(OciScheme, StringComparison.Ordinal))
        {
            throw new InvalidReferenceException($"URL must start with '{OciScheme}'");
        }

        return Parse(url[OciScheme.Length..]);
    }

    /// <summary>Parses <c>[host[:port]/]path/repo</c>.</summary>
    /// <exception cref="InvalidReferenceException">Not a valid repository name, or it names a tag or digest.</exception>
    public static RepositoryReference Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new InvalidReferenceException("a repository name must be specified");
        }

        var registry = string.Empty;
        var repository = name;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0 && name.AsSpan(0, slash).IndexOfAny('.', ':') >= 0)
        {
            registry = name[..slash];
            repository = name[(slash + 1)..];
        }

        RejectTagOrDigest(repository);
        CheckRepository(repository);
        CheckRegistry(registry);
        if (registry.Length == 0 || registry == "docker.io")
        {
            registry = DockerHubRegistry;
        }

        if (registry == DockerHubRegistry && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
            CheckRepository(repository);
        }

        return new RepositoryReference(registry, repository);
    }

    /// <summary>The token scope for <paramref name="actions"/> (e.g. <c>pull</c>) on this repository.</summary>
    public string Scope(string actions) => $"repository:{Repository}:{actions}";

    public override string ToString() => $"{Registry}/{Repository}";

    // Flux rejects a tag with "URL must not contain a tag; remove ':<tag>'"; a digest is named the same way.
    private static void RejectTagOrDigest(string repository)
    {
        var at = repository.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            throw new InvalidReferenceException($"URL must not contain a digest; remove '{repository[at..]}' and set the digest in spec.ref.digest");
        }

        var colon = repository.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            throw new InvalidReferenceException($"URL must not contain a tag; remove ':{repository[(colon + 1)..]}'");
        }
    }

    private static void CheckRepository(string repository)
    {
        if (repository.Length is < 2 or > 255)
        {
            throw new InvalidReferenceException(
                string.Create(CultureInfo.InvariantCulture, $"repository must be between 2 and 255 characters in length: {repository}"));
        }

        if (repository.AsSpan().ContainsAnyExcept(AllowedRepositoryCharacters))
        {
            throw new InvalidReferenceException($"repository can only contain the characters `{RepositoryCharacters}`: {repository}");
        }
    }

    // An RFC 3986 authority: host[:port] with a DNS name, IPv4 or bracketed IPv6 host and a numeric port.
    private static void CheckRegistry(string registry)
    {
        if (registry.Length == 0)
        {
            return;
        }

        if (!Uri.TryCreate("oci://" + registry, UriKind.Absolute, out var uri) ||
            !string.IsNullOrEmpty(uri.UserInfo) ||
            uri.AbsolutePath != "/" ||
            !string.IsNullOrEmpty(uri.Query) ||
            !string.IsNullOrEmpty(uri.Fragment) ||
            !registry.Equals(uri.IsDefaultPort ? uri.Host : uri.Authority, StringComparison.OrdinalIgnoreCase) ||
            registry.EndsWith(':'))
        {
            throw new InvalidReferenceException($"registries must be valid RFC 3986 URI authorities: {Sanitize(registry)}");
        }
    }

    // A registry part with user information may hold a password: never echo it.
    private static string Sanitize(string registry) =>
        registry.Contains('@', StringComparison.Ordinal) ? "<redacted>" + registry[registry.LastIndexOf('@')..] : registry;
}
