using System.Security.Cryptography;

namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// A <c>service_account</c> key file's signing material: the service account, its key id, its PEM private key and the
/// token URI. <see cref="ToString"/> never shows the key.
/// </summary>
internal sealed class ServiceAccountKey(string clientEmail, string? keyId, string privateKeyPem, Uri tokenUri)
{
    public string ClientEmail { get; } = clientEmail;

    public string? KeyId { get; } = keyId;

    public Uri TokenUri { get; } = tokenUri;

    /// <summary>A new RSA key (the caller disposes it) from the PEM (PKCS #8 <c>PRIVATE KEY</c> or PKCS #1 <c>RSA PRIVATE KEY</c>).</summary>
    /// <exception cref="ArgumentException">The PEM holds no RSA private key.</exception>
    /// <exception cref="CryptographicException">The key is malformed.</exception>
    public RSA CreateRsa()
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public override string ToString() => $"ServiceAccountKey({ClientEmail}, <redacted>)";
}
