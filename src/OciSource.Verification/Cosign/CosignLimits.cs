namespace OciSource.Verification.Cosign;

/// <summary>
/// How much of a registry's signature material one verification examines, so that a repository anyone may push
/// referrers to cannot make it read without end. Beyond a limit the rest is not examined (and so cannot make it pass).
/// </summary>
public static class CosignLimits
{
    /// <summary>Most bundle referrers (after the artifact-type filter) whose manifests are fetched.</summary>
    public const int MaxReferrers = 16;

    /// <summary>Most layers of one manifest examined: bundle layers of a referrer, or signature layers of a <c>.sig</c> manifest.</summary>
    public const int MaxLayers = 16;

    /// <summary>Largest bundle read, in bytes.</summary>
    public const int MaxBundleBytes = 1024 * 1024;

    /// <summary>Largest v2 simple-signing payload read, in bytes.</summary>
    public const int MaxPayloadBytes = 1024 * 1024;
}
