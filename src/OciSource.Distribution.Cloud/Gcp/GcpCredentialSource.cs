using System.Text.Json;
using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// An external account file's <c>credential_source</c>: where the subject token comes from (a file, or a URL with
/// headers), and its <see cref="Format"/>. <see cref="EnvironmentId"/> (AWS) and <see cref="Executable"/> are recognised
/// only to be refused clearly.
/// </summary>
internal sealed class GcpCredentialSource
{
    [JsonPropertyName("file")]
    public string? File { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    /// <summary>Headers of the <see cref="Url"/> request (may hold a secret: never shown).</summary>
    [JsonPropertyName("headers")]
    public Dictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("format")]
    public GcpCredentialSourceFormat? Format { get; init; }

    [JsonPropertyName("environment_id")]
    public string? EnvironmentId { get; init; }

    [JsonPropertyName("executable")]
    public JsonElement? Executable { get; init; }
}
