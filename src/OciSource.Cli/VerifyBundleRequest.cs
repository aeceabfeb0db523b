namespace OciSource.Cli;

/// <summary>The arguments of <c>verify-bundle</c>, as given on the command line.</summary>
internal sealed record VerifyBundleRequest(
    FileInfo Bundle,
    FileInfo? Key,
    string? Identity,
    string? Issuer,
    FileInfo? TrustedRoot,
    bool Staging,
    string Artifact);
