using System.Text.Json.Serialization;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>Every JSON document the gcp provider reads or writes, through source generation (Native AOT, no reflection).</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(GoogleTokenAnswer))]
[JsonSerializable(typeof(IamAccessTokenAnswer))]
[JsonSerializable(typeof(IamAccessTokenRequest))]
[JsonSerializable(typeof(ServiceAccountJwtHeader))]
[JsonSerializable(typeof(ServiceAccountJwtClaims))]
[JsonSerializable(typeof(SelfSignedJwtClaims))]
[JsonSerializable(typeof(GcpCredentialFileContent))]
internal sealed partial class GcpJsonContext : JsonSerializerContext;
