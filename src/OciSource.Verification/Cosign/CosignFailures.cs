using System.Globalization;

namespace OciSource.Verification.Cosign;

/// <summary>The messages of <see cref="CosignSignatureException"/>, starting with Flux's text.</summary>
internal static class CosignFailures
{
    /// <summary>Flux's message, exactly: there was no signature to check.</summary>
    public static CosignSignatureException NoSignature(string display) =>
        new($"no matching signatures were found for '{display}'");

    /// <summary>Flux's message followed by how many <paramref name="kind"/>s were checked and why the last one failed.</summary>
    public static CosignSignatureException NoneVerified(string display, int count, string kind, string lastReason, Exception? inner = null)
    {
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"no matching signatures were found for '{display}': {count} {kind}{(count == 1 ? string.Empty : "s")} checked, the last failed: {lastReason}");
        return inner is null ? new CosignSignatureException(message) : new CosignSignatureException(message, inner);
    }
}
