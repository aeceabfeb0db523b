using System.Text.Json.Serialization;

namespace OciSource.Distribution.Content;

/// <summary>Source-generated JSON metadata for the manifest documents (no reflection, trim-safe).</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ManifestProbe))]
[JsonSerializable(typeof(TagList))]
internal sealed partial class ContentJsonContext : JsonSerializerContext;
