using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OciSource.Verification.Keys;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// A Sigstore trusted root (<c>application/vnd.dev.sigstore.trustedroot+json;version=0.1</c>): Fulcio CAs, Rekor logs,
/// CT logs and timestamp authorities, each with its validity window. Immutable once loaded.
/// </summary>
public sealed class TrustedRoot
{
    /// <summary>Largest trusted root accepted, in bytes.</summary>
    public const int MaxSize = 1024 * 1024;

    private TrustedRoot(
        IReadOnlyList<TransparencyLog> rekorLogs,
        IReadOnlyList<TransparencyLog> ctLogs,
        IReadOnlyList<CertificateAuthority> certificateAuthorities,
        IReadOnlyList<CertificateAuthority> timestampAuthorities)
    {
        RekorLogs = rekorLogs;
        CtLogs = ctLogs;
        CertificateAuthorities = certificateAuthorities;
        TimestampAuthorities = timestampAuthorities;
    }

    /// <summary>Sigstore's public-good production root, embedded in this assembly.</summary>
    public static TrustedRoot Production { get; } = LoadEmbedded("public-good-production.trusted_root.json");

    /// <summary>Sigstore's public-good staging root, embedded in this assembly.</summary>
    public static TrustedRoot Staging { get; } = LoadEmbedded("public-good-staging.trusted_root.json");

    internal IReadOnlyList<TransparencyLog> RekorLogs { get; }

    internal IReadOnlyList<TransparencyLog> CtLogs { get; }

    internal IReadOnlyList<CertificateAuthority> CertificateAuthorities { get; }

    internal IReadOnlyList<CertificateAuthority> TimestampAuthorities { get; }

    /// <summary>Reads a trusted root from its JSON.</summary>
    /// <exception cref="SigstoreVerificationException">Larger than <see cref="MaxSize"/>, not JSON, or an entry is malformed
    /// (for instance a validity window without its start, or a key that cannot be read).</exception>
    public static TrustedRoot Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxSize)
        {
            throw new SigstoreVerificationException($"The trusted root is larger than {MaxSize} bytes.");
        }

        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            var mediaType = Json.OptionalString(root, "mediaType");
            if (mediaType is not null && !mediaType.StartsWith("application/vnd.dev.sigstore.trustedroot", StringComparison.Ordinal))
            {
                throw new SigstoreVerificationException($"The trusted root has media type '{mediaType}', not a Sigstore trusted root.");
            }

            return new TrustedRoot(
                Json.Array(root, "tlogs").Select(ReadLog).ToArray(),
                Json.Array(root, "ctlogs").Select(ReadLog).ToArray(),
                Json.Array(root, "certificateAuthorities").Select(ReadAuthority).ToArray(),
                Json.Array(root, "timestampAuthorities").Select(ReadAuthority).ToArray());
        }
        catch (JsonException e)
        {
            throw new SigstoreVerificationException("The trusted root is not valid JSON: " + e.Message, e);
        }
        catch (Exception e) when (e is FormatException or KeyFormatException or CryptographicException or InvalidOperationException)
        {
            throw new SigstoreVerificationException("The trusted root is malformed: " + e.Message, e);
        }
    }

    /// <summary>Reads a trusted root from a stream, at most <see cref="MaxSize"/> bytes.</summary>
    /// <exception cref="SigstoreVerificationException">See <see cref="Parse"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<TrustedRoot> LoadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = await BoundedRead.ReadAsync(stream, MaxSize, "trusted root", cancellationToken).ConfigureAwait(false);
        return Parse(bytes);
    }

    private static TrustedRoot LoadEmbedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OciSource.Verification.Sigstore." + name)
            ?? throw new InvalidOperationException($"The embedded trusted root {name} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }

    private static TransparencyLog ReadLog(JsonElement log)
    {
        var baseUrl = Json.OptionalString(log, "baseUrl") ?? string.Empty;
        var publicKey = Json.Required(log, "publicKey");
        var raw = Json.Base64(publicKey, "rawBytes");
        var details = Json.OptionalString(publicKey, "keyDetails") ?? string.Empty;
        var logId = Json.Base64(Json.Required(log, "logId"), "keyId");
        var validity = ReadValidity(publicKey, "log " + baseUrl);
        return new TransparencyLog(baseUrl, logId, ReadKey(raw, details), validity);
    }

    private static VerificationKey ReadKey(byte[] raw, string details)
    {
        if (details.StartsWith("PKCS1_RSA", StringComparison.Ordinal))
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportRSAPublicKey(raw, out _);
                return new RsaVerificationKey(rsa);
            }
            catch
            {
                rsa.Dispose();
                throw;
            }
        }

        return PublicKeyPem.FromSubjectPublicKeyInfo(raw);
    }

    private static CertificateAuthority ReadAuthority(JsonElement authority)
    {
        var uri = Json.OptionalString(authority, "uri") ?? string.Empty;
        var chain = Json.Array(Json.Required(authority, "certChain"), "certificates")
            .Select(c => X509CertificateLoader.LoadCertificate(Json.Base64(c, "rawBytes")))
            .ToArray();
        if (chain.Length == 0)
        {
            throw new SigstoreVerificationException($"The authority {uri} of the trusted root has no certificates.");
        }

        return new CertificateAuthority(uri, chain, ReadValidity(authority, "authority " + uri));
    }

    private static TimeRange ReadValidity(JsonElement owner, string what)
    {
        if (!owner.TryGetProperty("validFor", out var validFor))
        {
            throw new SigstoreVerificationException($"The {what} of the trusted root has no validFor window.");
        }

        var start = Json.OptionalString(validFor, "start")
            ?? throw new SigstoreVerificationException($"The validFor window of the {what} of the trusted root has no start.");
        var end = Json.OptionalString(validFor, "end");
        return new TimeRange(
            DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            end is null ? null : DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
    }
}
