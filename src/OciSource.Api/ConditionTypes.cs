namespace OciSource.Api;

/// <summary>Flux's condition types on an OCIRepository.</summary>
public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";
    public const string ArtifactInStorage = "ArtifactInStorage";
    public const string ArtifactOutdated = "ArtifactOutdated";
    public const string FetchFailed = "FetchFailed";
    public const string StorageOperationFailed = "StorageOperationFailed";
    public const string SourceVerified = "SourceVerified";
}
