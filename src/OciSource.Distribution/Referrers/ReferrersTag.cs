using OciSource.Distribution.Content;

namespace OciSource.Distribution.Referrers;

/// <summary>Tags of the OCI 1.1 referrers tag schema and cosign's legacy signature tag.</summary>
public static class ReferrersTag
{
    /// <summary>The fallback tag <c>&lt;alg&gt;-&lt;hex&gt;</c> under which referrers of <paramref name="subject"/> are indexed.</summary>
    public static string For(Digest subject) => $"{subject.Algorithm}-{subject.Hex}";

    /// <summary>Cosign's v2 signature tag <c>&lt;alg&gt;-&lt;hex&gt;.sig</c>.</summary>
    public static string CosignSignature(Digest subject) => For(subject) + ".sig";
}
