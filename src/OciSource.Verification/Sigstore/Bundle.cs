using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace OciSource.Verification.Sigstore;

/// <summary>A parsed Sigstore bundle (v0.1 to v0.3). Parsing checks shape only; the verifier checks the rest.</summary>
internal sealed record Bundle(
    int MinorVersion,
    X509Certificate2? Certificate,
    IReadOnlyList<TransparencyLogEntry> Entries,
    IReadOnlyList<byte[]> Timestamps,
    MessageSignature? MessageSignature,
    DsseEnvelope? Envelope)
{
    /// <summary>Largest bundle accepted, in bytes.</summary>
    public const int MaxSize = 4 * 1024 * 1024;

    private const int MaxEntries = 16;

    /// <exception cref="SigstoreVerificationException">Too large, not JSON, an unknown media type, or a malformed field.</exception>
    public static Bundle Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxSize)
        {
            throw new SigstoreVerificationException($"The bundle is larger than {MaxSize} bytes.");
        }

        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            var minor = ReadMinorVersion(Json.String(root, "mediaType"));
            var material = Json.Required(root, "verificationMaterial");
            var entries = Json.Array(material, "tlogEntries").Select(ReadEntry).ToArray();
            var timestamps = Json.Optional(material, "timestampVerificationData") is { } data
                ? Json.Array(data, "rfc3161Timestamps").Select(t => Json.Base64(t, "signedTimestamp")).ToArray()
                : [];
            if (entries.Length > MaxEntries || timestamps.Length > MaxEntries)
            {
                throw new SigstoreVerificationException("The bundle holds too many log entries or timestamps.");
            }

            var message = Json.Optional(root, "messageSignature") is { } m ? ReadMessage(m) : null;
            var envelope = Json.Optional(root, "dsseEnvelope") is { } d ? ReadEnvelope(d) : null;
            if ((message is null) == (envelope is null))
            {
                throw new SigstoreVerificationException("The bundle must hold exactly one of messageSignature and dsseEnvelope.");
            }

            return new Bundle(minor, ReadCertificate(material), entries, timestamps, message, envelope);
        }
        catch (JsonException e)
        {
            throw new SigstoreVerificationException("The bundle is not valid JSON: " + e.Message, e);
        }
        catch (CryptographicException e)
        {
            throw new SigstoreVerificationException("The bundle's certificate cannot be read: " + e.Message, e);
        }
    }

    private static int ReadMinorVersion(string mediaType) => mediaType switch
    {
        "application/vnd.dev.sigstore.bundle+json;version=0.1" or "application/vnd.dev.sigstore.bundle.v0.1+json" => 1,
        "application/vnd.dev.sigstore.bundle+json;version=0.2" or "application/vnd.dev.sigstore.bundle.v0.2+json" => 2,
        "application/vnd.dev.sigstore.bundle+json;version=0.3" or "application/vnd.dev.sigstore.bundle.v0.3+json" => 3,
        _ => throw new SigstoreVerificationException($"The bundle media type '{mediaType}' is not supported (Sigstore bundles v0.1 to v0.3 are)."),
    };

    private static X509Certificate2? ReadCertificate(JsonElement material)
    {
        if (Json.Optional(material, "certificate") is { } single)
        {
            return X509CertificateLoader.LoadCertificate(Json.Base64(single, "rawBytes"));
        }

        if (Json.Optional(material, "x509CertificateChain") is { } chain)
        {
            var first = Json.Array(chain, "certificates").FirstOrDefault();
            return first.ValueKind == JsonValueKind.Undefined
                ? throw new SigstoreVerificationException("The bundle's certificate chain is empty.")
                : X509CertificateLoader.LoadCertificate(Json.Base64(first, "rawBytes"));
        }

        return Json.Optional(material, "publicKey") is null
            ? throw new SigstoreVerificationException("The bundle has neither a certificate nor a public key hint.")
            : null;
    }

    private static TransparencyLogEntry ReadEntry(JsonElement entry)
    {
        var index = Json.Int64(entry, "logIndex");
        if (index < 0)
        {
            throw new SigstoreVerificationException("The bundle's log entry has a negative log index.");
        }

        var kindVersion = Json.Required(entry, "kindVersion");
        long? integrated = Json.Optional(entry, "integratedTime") is null ? null : Json.Int64(entry, "integratedTime");
        var promise = Json.Optional(entry, "inclusionPromise") is { } p ? Json.Base64(p, "signedEntryTimestamp") : null;
        InclusionProof? proof = null;
        if (Json.Optional(entry, "inclusionProof") is { } ip)
        {
            proof = new InclusionProof(
                Json.Int64(ip, "logIndex"),
                Json.Int64(ip, "treeSize"),
                Json.Base64(ip, "rootHash"),
                Json.Array(ip, "hashes").Select(h => Json.Base64Value(h, "hashes")).ToArray(),
                Json.String(Json.Required(ip, "checkpoint"), "envelope"));
        }

        return new TransparencyLogEntry(
            index,
            Json.Base64(Json.Required(entry, "logId"), "keyId"),
            Json.String(kindVersion, "kind"),
            Json.String(kindVersion, "version"),
            integrated,
            promise,
            proof,
            Json.Base64(entry, "canonicalizedBody"));
    }

    private static MessageSignature ReadMessage(JsonElement message)
    {
        byte[]? digest = null;
        if (Json.Optional(message, "messageDigest") is { } d)
        {
            var algorithm = Json.OptionalString(d, "algorithm");
            if (algorithm is not null and not "SHA2_256")
            {
                throw new SigstoreVerificationException($"The message digest algorithm {algorithm} is not supported (SHA2_256 is).");
            }

            digest = Json.Base64(d, "digest");
        }

        return new MessageSignature(digest, Json.Base64(message, "signature"));
    }

    private static DsseEnvelope ReadEnvelope(JsonElement envelope)
    {
        var signatures = Json.Array(envelope, "signatures").ToArray();
        if (signatures.Length != 1)
        {
            throw new SigstoreVerificationException("The DSSE envelope must carry exactly one signature.");
        }

        return new DsseEnvelope(Json.String(envelope, "payloadType"), Json.Base64(envelope, "payload"), Json.Base64(signatures[0], "sig"));
    }
}
