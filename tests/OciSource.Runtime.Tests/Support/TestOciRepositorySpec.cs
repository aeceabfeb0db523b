using System.Text.Json.Serialization;

namespace OciSource.Runtime.Tests.Support;

public sealed class TestOciRepositorySpec
{
    [JsonPropertyName("interval")]
    public string Interval { get; set; } = "5m";

    [JsonPropertyName("url")]
    public string Url { get; set; } = string.Empty;
}
