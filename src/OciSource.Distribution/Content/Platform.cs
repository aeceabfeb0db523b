using System.Text.Json.Serialization;

namespace OciSource.Distribution.Content;

/// <summary>The platform of an index child (<c>os</c>, <c>architecture</c>, optional <c>variant</c>).</summary>
public sealed record Platform
{
    /// <summary>What Flux resolves an index to: go-containerregistry's fixed default, not the host's platform.</summary>
    public static readonly Platform LinuxAmd64 = new() { OperatingSystem = "linux", Architecture = "amd64" };

    [JsonPropertyName("os")]
    public string OperatingSystem { get; init; } = string.Empty;

    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = string.Empty;

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("os.version")]
    public string? OperatingSystemVersion { get; init; }

    /// <summary>Parses <c>os/arch[/variant]</c>.</summary>
    /// <exception cref="FormatException">Not two or three non-empty parts.</exception>
    public static Platform Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new FormatException($"invalid platform '{text}': expected os/architecture[/variant]");
        }

        return new Platform { OperatingSystem = parts[0], Architecture = parts[1], Variant = parts.Length == 3 ? parts[2] : null };
    }

    /// <summary>
    /// True when <paramref name="candidate"/> satisfies this wanted platform: the fields set here must be equal there
    /// (go-containerregistry's <c>Satisfies</c>; an unset variant or OS version matches any).
    /// </summary>
    public bool IsSatisfiedBy(Platform? candidate) =>
        candidate is not null &&
        (OperatingSystem.Length == 0 || OperatingSystem == candidate.OperatingSystem) &&
        (Architecture.Length == 0 || Architecture == candidate.Architecture) &&
        (string.IsNullOrEmpty(Variant) || Variant == candidate.Variant) &&
        (string.IsNullOrEmpty(OperatingSystemVersion) || OperatingSystemVersion == candidate.OperatingSystemVersion);

    public override string ToString() =>
        string.IsNullOrEmpty(Variant) ? $"{OperatingSystem}/{Architecture}" : $"{OperatingSystem}/{Architecture}/{Variant}";
}
