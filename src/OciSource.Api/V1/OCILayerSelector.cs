using System.Text.Json.Serialization;

namespace OciSource.Api.V1;

/// <summary>Which layer to use and how.</summary>
public sealed record OCILayerSelector
{
    /// <summary>The first layer with this media type; empty means the first layer.</summary>
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; }

    /// <summary><c>extract</c> (default: untar the gzip layer) or <c>copy</c> (store the blob as is).</summary>
    [JsonPropertyName("operation")]
    public string? Operation { get; init; }
}
