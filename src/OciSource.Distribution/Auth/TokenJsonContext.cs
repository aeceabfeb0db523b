using System.Text.Json.Serialization;

namespace OciSource.Distribution.Auth;

/// <summary>Source-generated JSON metadata for <see cref="TokenResponse"/>.</summary>
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
