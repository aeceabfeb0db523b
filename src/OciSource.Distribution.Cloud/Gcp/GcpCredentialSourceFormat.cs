using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>How a subject token is stored: <c>text</c> (the whole content, the default) or <c>json</c> (one field of an object).</summary>
internal sealed class GcpCredentialSourceFormat
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("subject_token_field_name")]
    public string? SubjectTokenFieldName { get; init; }
}
