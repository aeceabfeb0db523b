namespace OciSource.Api;

/// <summary>Flux's condition and event reasons for OCIRepository, with Flux's exact strings.</summary>
public static class Reasons
{
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Progressing = "Progressing";
    public const string ProgressingWithRetry = "ProgressingWithRetry";
    public const string NewRevision = "NewRevision";
    public const string UrlInvalid = "URLInvalid";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string ReadOperationFailed = "ReadOperationFailed";
    public const string OciArtifactPullFailed = "OCIArtifactPullFailed";
    public const string OciArtifactLayerOperationFailed = "OCIArtifactLayerOperationFailed";
    public const string DirectoryCreationFailed = "DirectoryCreationFailed";
    public const string StatOperationFailed = "StatOperationFailed";
    public const string InvalidPath = "InvalidPath";
    public const string ArchiveOperationFailed = "ArchiveOperationFailed";
    public const string VerificationError = "VerificationError";
    public const string FeatureGateDisabled = "FeatureGateDisabled";
    public const string PatchOperationFailed = "PatchOperationFailed";
    public const string GarbageCollectionFailed = "GarbageCollectionFailed";
    public const string GarbageCollectionSucceeded = "GarbageCollectionSucceeded";
    public const string SourceIgnoreError = "SourceIgnoreError";
    public const string ArtifactUpToDate = "ArtifactUpToDate";
    public const string ArtifactVerificationFailed = "ArtifactVerificationFailed";
    public const string NewArtifact = "NewArtifact";
    public const string SymlinkUpdateFailed = "SymlinkUpdateFailed";
}
