using System.Security.Cryptography.X509Certificates;

namespace OciSource.Verification.Sigstore;

/// <summary>Builds a certificate chain offline to the last certificate of a trusted-root chain, at a given time.</summary>
internal static class ChainBuilder
{
    /// <summary>Whether <paramref name="leaf"/> chains to the root (last) of <paramref name="authority"/>, every certificate valid at <paramref name="time"/>.</summary>
    public static bool Chains(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> authority, DateTimeOffset time) =>
        Build(leaf, authority, time) is not null;

    /// <summary>The chain elements leaf first, or <see langword="null"/> when no valid chain exists at <paramref name="time"/>.</summary>
    public static IReadOnlyList<X509Certificate2>? Build(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> authority, DateTimeOffset time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = time.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.CustomTrustStore.Add(authority[^1]);
        for (var i = 0; i < authority.Count - 1; i++)
        {
            chain.ChainPolicy.ExtraStore.Add(authority[i]);
        }

        if (!chain.Build(leaf))
        {
            return null;
        }

        var elements = chain.ChainElements.Select(e => e.Certificate).ToArray();
        return elements[^1].RawDataMemory.Span.SequenceEqual(authority[^1].RawDataMemory.Span) ? elements : null;
    }
}
