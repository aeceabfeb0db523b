using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace OciSource.Verification.Notation;

/// <summary>
/// A notation JWS envelope (<c>application/jose+json</c>, JWS JSON serialization): <c>payload</c>,
/// <c>protected</c> and <c>signature</c> base64url, the certificate chain in the unprotected <c>header.x5c</c>.
/// The signature covers <c>ASCII(protected "." payload)</c>; ECDSA signatures are r||s.
/// </summary>
internal sealed class JwsEnvelope : SignatureEnvelope
{
    private static readonly HashSet<string> Understood =
        [NotaryHeaders.SigningScheme, NotaryHeaders.SigningTime, NotaryHeaders.AuthenticSigningTime, NotaryHeaders.Expiry];

    private byte[] SigningInput { get; init; } = [];

    private byte[] Signature { get; init; } = [];

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    /// <exception cref="SignatureEnvelopeException">Not a notation JWS envelope; the only exception thrown.</exception>
    public static JwsEnvelope Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new SignatureEnvelopeException("the JWS envelope is not valid JSON: " + e.Message, e);
        }
        catch (FormatException e)
        {
            throw new SignatureEnvelopeException("the JWS envelope holds invalid base64: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            throw new SignatureEnvelopeException("the JWS envelope holds invalid UTF-8 text: " + e.Message, e);
        }
    }

    public override bool VerifySignature(X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var hash = NotaryAlgorithms.Hash(Algorithm);
        try
        {
            if (Algorithm[0] == 'P')
            {
                using var rsa = leaf.GetRSAPublicKey();
                return rsa is not null && rsa.VerifyData(SigningInput, Signature, hash, RSASignaturePadding.Pss);
            }

            using var ecdsa = leaf.GetECDsaPublicKey();
            return ecdsa is not null
                && ecdsa.VerifyData(SigningInput, Signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static JwsEnvelope Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignatureEnvelopeException("the JWS envelope is not a JSON object");
        }

        var protectedText = RequiredString(root, "protected");
        var payloadText = RequiredString(root, "payload");
        var signature = Base64Url.DecodeFromChars(RequiredString(root, "signature"));
        if (signature.Length == 0)
        {
            throw new SignatureEnvelopeException("the JWS signature is empty");
        }

        if (!root.TryGetProperty("header", out var header) || header.ValueKind != JsonValueKind.Object)
        {
            throw new SignatureEnvelopeException("the JWS envelope has no unprotected header");
        }

        var chain = Certificates(header);
        using var protectedJson = JsonDocument.Parse(Base64Url.DecodeFromChars(protectedText), new JsonDocumentOptions { MaxDepth = 8 });
        var headers = protectedJson.RootElement;
        if (headers.ValueKind != JsonValueKind.Object)
        {
            throw new SignatureEnvelopeException("the JWS protected header is not a JSON object");
        }

        var algorithm = OptionalString(headers, "alg");
        if (!NotaryAlgorithms.IsKnown(algorithm))
        {
            throw new SignatureEnvelopeException($"the JWS algorithm \"{algorithm}\" is not one of ES256, ES384, ES512, PS256, PS384, PS512");
        }

        var critical = Critical(headers);
        var scheme = OptionalString(headers, NotaryHeaders.SigningScheme);
        var signingTime = OptionalTime(headers, NotaryHeaders.SigningTime);
        var authentic = OptionalTime(headers, NotaryHeaders.AuthenticSigningTime);
        var expiry = OptionalTime(headers, NotaryHeaders.Expiry);
        NotaryHeaders.ValidateSignedAttributes(
            OptionalString(headers, "cty"),
            scheme,
            signingTime,
            authentic,
            expiry,
            critical,
            name => headers.TryGetProperty(name, out _),
            Understood.Contains);
        return new JwsEnvelope
        {
            Payload = Base64Url.DecodeFromChars(payloadText),
            Algorithm = algorithm!,
            SigningScheme = scheme!,
            SigningTime = signingTime,
            AuthenticSigningTime = authentic,
            Expiry = expiry,
            HasTimestamp = header.TryGetProperty(NotaryHeaders.TimestampSignature, out _),
            CertificateChain = chain,
            SigningInput = Encoding.ASCII.GetBytes(protectedText + "." + payloadText),
            Signature = signature,
        };
    }

    private static List<byte[]> Certificates(JsonElement header)
    {
        if (!header.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() == 0)
        {
            throw new SignatureEnvelopeException("the JWS unprotected header has no x5c certificate chain");
        }

        var chain = new List<byte[]>();
        foreach (var item in x5c.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new SignatureEnvelopeException("the JWS x5c entries must be base64 strings");
            }

            chain.Add(Convert.FromBase64String(item.GetString()!));
        }

        return chain;
    }

    private static List<string> Critical(JsonElement headers)
    {
        if (!headers.TryGetProperty("crit", out var crit) || crit.ValueKind != JsonValueKind.Array || crit.GetArrayLength() == 0)
        {
            throw new SignatureEnvelopeException("the JWS protected header has no crit list");
        }

        var names = new List<string>();
        foreach (var item in crit.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new SignatureEnvelopeException("the JWS crit entries must be strings");
            }

            names.Add(item.GetString()!);
        }

        return names;
    }

    private static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new SignatureEnvelopeException($"the JWS envelope has no \"{name}\" string");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? OptionalTime(JsonElement headers, string name)
    {
        if (!headers.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw new SignatureEnvelopeException($"the JWS header \"{name}\" is not an RFC 3339 time");
    }
}
