using OciSource.Verification.Keys;

namespace OciSource.Verification.Sigstore;

/// <summary>A Rekor or CT log of a trusted root: its log id (SHA-256 of the key, or the note key id for Rekor v2), key and validity.</summary>
internal sealed record TransparencyLog(string BaseUrl, byte[] LogId, VerificationKey Key, TimeRange ValidFor)
{
    /// <summary>The host (and port, when not the scheme's default) of <see cref="BaseUrl"/>, which names the log in checkpoints.</summary>
    public string Host => Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) ? uri.Authority : BaseUrl;
}
