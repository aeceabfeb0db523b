using System.Globalization;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;
using OciSource.Distribution.Transport;

namespace OciSource.Distribution.Client;

public sealed partial class RegistryClient
{
    /// <summary>Most index levels followed to reach an image manifest.</summary>
    private const int MaxIndexDepth = 4;

    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            using var request = ManifestRequest(HttpMethod.Head, reference);
            using var response = await SendAsync(request, $"resolve {Repository}:{reference}", cancellationToken);
            if (Digest.TryParse(HeaderValue(response, "Docker-Content-Digest"), out var digest) &&
                response.Content.Headers.ContentType?.MediaType is { } mediaType &&
                response.Content.Headers.ContentLength is { } size)
            {
                return new Descriptor { MediaType = mediaType, DigestText = digest.ToString(), Size = size };
            }
        }
        catch (RegistryException) when (!cancellationToken.IsCancellationRequested)
        {
            // As Flux (go-containerregistry's remote.Head then remote.Get): any HEAD failure falls back to GET.
        }

        return (await GetManifestAsync(reference, cancellationToken)).Descriptor;
    }

    public async Task<ManifestContent> GetManifestAsync(string reference, CancellationToken cancellationToken)
    {
        var what = $"manifest {Repository}{(Digest.TryParse(reference, out _) ? "@" : ":")}{reference}";
        using var request = ManifestRequest(HttpMethod.Get, reference);
        using var response = await SendAsync(request, $"fetch {what}", cancellationToken);
        var bytes = await BoundedContent.ReadAsync(response.Content, _options.MaxManifestBytes, what, cancellationToken);

        var expected = Digest.TryParse(reference, out var byDigest) ? byDigest
            : Digest.TryParse(HeaderValue(response, "Docker-Content-Digest"), out var announced) ? announced
            : (Digest?)null;
        var actual = Digest.Compute(bytes, expected?.Algorithm ?? Digest.Sha256);
        if (expected is { } e && e != actual)
        {
            throw new DigestMismatchException($"{what} has digest {actual}, expected {e}");
        }

        var mediaType = ManifestContent.DetectMediaType(bytes, response.Content.Headers.ContentType?.MediaType, what);
        return new ManifestContent(new Descriptor { MediaType = mediaType, DigestText = actual.ToString(), Size = bytes.Length }, bytes);
    }

    /// <summary>
    /// Fetches what <paramref name="reference"/> names and, while it is an index, follows the first child whose
    /// platform satisfies <paramref name="platform"/> (Flux: <see cref="Platform.LinuxAmd64"/>), checking each
    /// child's digest and size against the index.
    /// </summary>
    /// <exception cref="RegistryNotFoundException">No child matches the platform (the message lists the available ones).</exception>
    /// <exception cref="UnsupportedManifestException">Indexes nest deeper than 4 levels, or a document is not a manifest.</exception>
    public async Task<ResolvedImage> GetImageAsync(string reference, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return await GetImageAsync(await GetManifestAsync(reference, cancellationToken), platform, cancellationToken);
    }

    /// <summary>
    /// As <see cref="GetImageAsync(string, Platform, CancellationToken)"/>, from a <paramref name="root"/> already fetched
    /// with <see cref="GetManifestAsync"/> (a caller that needs the digest and the image saves a request).
    /// </summary>
    /// <exception cref="RegistryNotFoundException">No child matches the platform (the message lists the available ones).</exception>
    /// <exception cref="UnsupportedManifestException">Indexes nest deeper than 4 levels, or a document is not a manifest.</exception>
    public async Task<ResolvedImage> GetImageAsync(ManifestContent root, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(platform);
        var current = root;
        for (var depth = 0; current.IsIndex; depth++)
        {
            if (depth == MaxIndexDepth)
            {
                throw new UnsupportedManifestException($"index {root.Descriptor.DigestText} of {Repository} nests more than {MaxIndexDepth} levels");
            }

            var index = current.ParseIndex();
            var child = index.Manifests.FirstOrDefault(m => platform.IsSatisfiedBy(m.Platform))
                ?? throw new RegistryNotFoundException(
                    $"no manifest for platform {platform} in index {current.Descriptor.DigestText} of {Repository}; available: " +
                    (index.Manifests.Count == 0 ? "none" : string.Join(", ", index.Manifests.Select(m => m.Platform?.ToString() ?? "<no platform>").Distinct())));
            if (!Digest.TryParse(child.DigestText, out var childDigest))
            {
                throw new UnsupportedManifestException($"index {current.Descriptor.DigestText} of {Repository} lists an invalid digest");
            }

            current = await GetManifestAsync(childDigest.ToString(), cancellationToken);
            if (current.Descriptor.Size != child.Size)
            {
                throw new DigestMismatchException(string.Create(
                    CultureInfo.InvariantCulture, $"manifest {childDigest} of {Repository} is {current.Descriptor.Size} bytes, the index says {child.Size}"));
            }
        }

        return new ResolvedImage(root.Descriptor, current, current.ParseImageManifest());
    }

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private HttpRequestMessage ManifestRequest(HttpMethod method, string reference)
    {
        var request = new HttpRequestMessage(method, RepositoryUri("manifests/" + Uri.EscapeDataString(reference)));
        request.Headers.TryAddWithoutValidation("Accept", MediaTypes.ManifestAccept);
        return request;
    }
}
