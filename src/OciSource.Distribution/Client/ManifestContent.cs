using System.Text.Json;
using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Client;

/// <summary>A manifest or index document as fetched, with its verified digest.</summary>
public sealed class ManifestContent
{
    internal ManifestContent(Descriptor descriptor, byte[] bytes)
    {
        Descriptor = descriptor;
        Bytes = bytes;
    }

    /// <summary>Media type, digest (of <see cref="Bytes"/>) and size of the document.</summary>
    public Descriptor Descriptor { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public bool IsIndex => MediaTypes.IsIndex(Descriptor.MediaType);

    /// <exception cref="UnsupportedManifestException">The document is not an image manifest or does not parse.</exception>
    public ImageManifest ParseImageManifest()
    {
        if (!MediaTypes.IsImageManifest(Descriptor.MediaType))
        {
            throw new UnsupportedManifestException($"manifest {Descriptor.DigestText} is a {Descriptor.MediaType}, not an image manifest");
        }

        return Deserialize(ContentJsonContext.Default.ImageManifest);
    }

    /// <exception cref="UnsupportedManifestException">The document is not an index or does not parse.</exception>
    public ImageIndex ParseIndex()
    {
        if (!IsIndex)
        {
            throw new UnsupportedManifestException($"manifest {Descriptor.DigestText} is a {Descriptor.MediaType}, not an index");
        }

        return Deserialize(ContentJsonContext.Default.ImageIndex);
    }

    /// <summary>
    /// The media type of a document: the <c>mediaType</c> field when present, else the <c>Content-Type</c> the
    /// registry sent, else inferred from the shape (<c>manifests</c> → OCI index, <c>layers</c> → OCI manifest).
    /// </summary>
    /// <exception cref="UnsupportedManifestException">Not JSON, Docker schema 1, or an unknown media type.</exception>
    internal static string DetectMediaType(ReadOnlySpan<byte> bytes, string? contentType, string what)
    {
        ManifestProbe? probe;
        try
        {
            probe = JsonSerializer.Deserialize(bytes, ContentJsonContext.Default.ManifestProbe);
        }
        catch (JsonException)
        {
            throw new UnsupportedManifestException($"{what} is not valid JSON");
        }

        if (probe is null)
        {
            throw new UnsupportedManifestException($"{what} is not a JSON object");
        }

        var mediaType = probe.MediaType ?? contentType ??
            (probe.Manifests is not null ? MediaTypes.OciIndex : probe.Layers is not null ? MediaTypes.OciManifest : null);
        if (probe.SchemaVersion == 1 || mediaType is MediaTypes.DockerSchema1Manifest or MediaTypes.DockerSchema1SignedManifest)
        {
            throw new UnsupportedManifestException($"{what} is a Docker schema 1 manifest, which is not supported; push it again with a current client");
        }

        return mediaType is not null && (MediaTypes.IsIndex(mediaType) || MediaTypes.IsImageManifest(mediaType))
            ? mediaType
            : throw new UnsupportedManifestException($"{what} has the unsupported media type '{mediaType ?? "<none>"}'");
    }

    private T Deserialize<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(Bytes.Span, typeInfo)
                ?? throw new UnsupportedManifestException($"manifest {Descriptor.DigestText} is empty");
        }
        catch (JsonException ex)
        {
            throw new UnsupportedManifestException($"manifest {Descriptor.DigestText} does not parse: {ex.Message}");
        }
    }
}
