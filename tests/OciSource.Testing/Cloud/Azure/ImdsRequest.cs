namespace OciSource.Testing.Cloud.Azure;

/// <summary>A request the IMDS simulator received: path, the <c>Metadata</c> header, query fields and the answer's status.</summary>
public sealed record ImdsRequest(string Path, bool HasMetadataHeader, string? ApiVersion, string? Resource, string? ClientId, int Status);
