using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OciSource.Verification.Sigstore;

/// <summary>
/// Checks that a Rekor entry body records what the bundle carries: hashedrekord 0.0.1/0.0.2, dsse 0.0.1/0.0.2 and
/// intoto 0.0.2 bodies; the kind must fit the bundle's content (message signature or DSSE envelope).
/// </summary>
internal static class EntryBody
{
    /// <exception cref="SigstoreVerificationException">The body is malformed, of another kind, or records something else.</exception>
    public static void Match(TransparencyLogEntry entry, SignedContent content)
    {
        using var document = Parse(entry.CanonicalizedBody);
        var body = document.RootElement;
        if (Json.OptionalString(body, "kind") != entry.Kind || Json.OptionalString(body, "apiVersion") != entry.Version)
        {
            throw new SigstoreVerificationException("The log entry's body is not of the kind and version the bundle states.");
        }

        var spec = Json.Required(body, "spec");
        var matched = (entry.Kind, entry.Version) switch
        {
            ("hashedrekord", "0.0.1") => HashedRekordV1(spec, content),
            ("hashedrekord", "0.0.2") => HashedRekordV2(Json.Required(spec, "hashedRekordV002"), content),
            ("dsse", "0.0.1") => DsseV1(spec, content),
            ("dsse", "0.0.2") => DsseV2(Json.Required(spec, "dsseV002"), content),
            ("intoto", "0.0.2") => IntotoV2(Json.Required(spec, "content"), content),
            _ => throw new SigstoreVerificationException($"Log entries of kind {entry.Kind} {entry.Version} are not supported."),
        };
        if (!matched)
        {
            throw new SigstoreVerificationException($"The {entry.Kind} log entry does not record this bundle's signature, signer and artifact.");
        }
    }

    private static JsonDocument Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new SigstoreVerificationException("The log entry's body is not valid JSON.", e);
        }
    }

    private static bool HashedRekordV1(JsonElement spec, SignedContent content)
    {
        var hash = Json.Required(Json.Required(spec, "data"), "hash");
        var signature = Json.Required(spec, "signature");
        return content.Envelope is null
            && Json.String(hash, "algorithm") == "sha256"
            && HexEquals(Json.String(hash, "value"), content.ArtifactDigest)
            && Json.Base64(signature, "content").AsSpan().SequenceEqual(content.Signature)
            && PemMatches(Json.Base64(Json.Required(signature, "publicKey"), "content"), content);
    }

    private static bool HashedRekordV2(JsonElement spec, SignedContent content)
    {
        var data = Json.Required(spec, "data");
        var signature = Json.Required(spec, "signature");
        var expected = content.Envelope is null ? content.ArtifactDigest : SHA256.HashData(content.Envelope.Pae());
        return Json.String(data, "algorithm") == "SHA2_256"
            && Json.Base64(data, "digest").AsSpan().SequenceEqual(expected)
            && Json.Base64(signature, "content").AsSpan().SequenceEqual(content.Signature)
            && VerifierMatches(Json.Required(signature, "verifier"), content);
    }

    private static bool DsseV1(JsonElement spec, SignedContent content)
    {
        var payloadHash = Json.Required(spec, "payloadHash");
        return content.Envelope is not null
            && Json.String(payloadHash, "algorithm") == "sha256"
            && HexEquals(Json.String(payloadHash, "value"), SHA256.HashData(content.Envelope.Payload))
            && Json.Array(spec, "signatures").Any(s =>
                Json.Base64(s, "signature").AsSpan().SequenceEqual(content.Signature) && PemMatches(Json.Base64(s, "verifier"), content));
    }

    private static bool DsseV2(JsonElement spec, SignedContent content)
    {
        var payloadHash = Json.Required(spec, "payloadHash");
        return content.Envelope is not null
            && Json.String(payloadHash, "algorithm") == "SHA2_256"
            && Json.Base64(payloadHash, "digest").AsSpan().SequenceEqual(SHA256.HashData(content.Envelope.Payload))
            && Json.Array(spec, "signatures").Any(s =>
                Json.Base64(s, "content").AsSpan().SequenceEqual(content.Signature) && VerifierMatches(Json.Required(s, "verifier"), content));
    }

    private static bool IntotoV2(JsonElement spec, SignedContent content)
    {
        var payloadHash = Json.Required(spec, "payloadHash");
        var envelope = Json.Required(spec, "envelope");
        return content.Envelope is not null
            && Json.String(payloadHash, "algorithm") == "sha256"
            && HexEquals(Json.String(payloadHash, "value"), SHA256.HashData(content.Envelope.Payload))
            && Json.Array(envelope, "signatures").Any(s =>
                DoubleBase64(Json.Base64(s, "sig")).AsSpan().SequenceEqual(content.Signature)
                && PemMatches(Json.Base64(s, "publicKey"), content));
    }

    private static byte[] DoubleBase64(byte[] inner)
    {
        try
        {
            return Convert.FromBase64String(Encoding.ASCII.GetString(inner));
        }
        catch (FormatException e)
        {
            throw new SigstoreVerificationException("The intoto log entry's signature is not valid base64.", e);
        }
    }

    private static bool VerifierMatches(JsonElement verifier, SignedContent content) =>
        Json.Optional(verifier, "x509Certificate") is { } certificate
            ? content.Certificate is not null && Json.Base64(certificate, "rawBytes").AsSpan().SequenceEqual(content.Certificate)
            : Json.Optional(verifier, "publicKey") is { } key
                && content.Certificate is null
                && Json.Base64(key, "rawBytes").AsSpan().SequenceEqual(content.PublicKey);

    private static bool PemMatches(byte[] pemBytes, SignedContent content)
    {
        var pem = Encoding.ASCII.GetString(pemBytes);
        if (!System.Security.Cryptography.PemEncoding.TryFind(pem, out var fields))
        {
            return false;
        }

        byte[] der;
        try
        {
            der = Convert.FromBase64String(pem[fields.Base64Data].ToString());
        }
        catch (FormatException)
        {
            return false;
        }

        return pem[fields.Label] switch
        {
            "CERTIFICATE" => content.Certificate is not null && der.AsSpan().SequenceEqual(content.Certificate),
            "PUBLIC KEY" => content.Certificate is null && der.AsSpan().SequenceEqual(content.PublicKey),
            _ => false,
        };
    }

    private static bool HexEquals(string hex, byte[] bytes)
    {
        try
        {
            return Convert.FromHexString(hex).AsSpan().SequenceEqual(bytes);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
