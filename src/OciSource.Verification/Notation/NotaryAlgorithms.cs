using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Verification.Notation;

/// <summary>
/// The Notary Project's signature algorithms and the key each requires: ES256/384/512 with ECDSA P-256/384/521,
/// PS256/384/512 with RSA 2048/3072/4096 (RSASSA-PSS), as notation-core-go derives the algorithm from the key.
/// </summary>
internal static class NotaryAlgorithms
{
    /// <summary>Whether <paramref name="algorithm"/> is one notation signs with.</summary>
    public static bool IsKnown(string? algorithm) => algorithm is "ES256" or "ES384" or "ES512" or "PS256" or "PS384" or "PS512";

    /// <summary>The hash of <paramref name="algorithm"/> (a known one).</summary>
    public static HashAlgorithmName Hash(string algorithm) => algorithm[2..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    /// <summary>
    /// The algorithm notation uses for the leaf's key, or <see langword="null"/> when the key is not supported
    /// (RSA other than 2048/3072/4096 bits, curves other than P-256/384/521, other key types).
    /// </summary>
    public static string? ForKey(X509Certificate2 leaf)
    {
        using var rsa = leaf.GetRSAPublicKey();
        if (rsa is not null)
        {
            return rsa.KeySize switch
            {
                2048 => "PS256",
                3072 => "PS384",
                4096 => "PS512",
                _ => null,
            };
        }

        using var ecdsa = leaf.GetECDsaPublicKey();
        return ecdsa?.KeySize switch
        {
            256 => "ES256",
            384 => "ES384",
            521 => "ES512",
            _ => null,
        };
    }
}
