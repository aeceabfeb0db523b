using System.Formats.Cbor;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;

namespace OciSource.Verification.Notation;

/// <summary>
/// A notation COSE_Sign1 envelope (<c>application/cose</c>, tag 18): algorithm, <c>crit</c>, content type and the
/// notary labels (times as tag 1 epoch seconds) in the protected header; the certificate chain in the unprotected
/// <c>x5chain</c> (label 33). The payload is embedded. The signature is checked by
/// <see cref="CoseSign1Message.VerifyEmbedded(AsymmetricAlgorithm, ReadOnlySpan{byte})"/>.
/// </summary>
internal sealed class CoseEnvelope : SignatureEnvelope
{
    private const int X5Chain = 33;

    private static readonly HashSet<string> Understood =
        [NotaryHeaders.SigningScheme, NotaryHeaders.SigningTime, NotaryHeaders.AuthenticSigningTime, NotaryHeaders.Expiry];

    private CoseSign1Message Message { get; init; } = null!;

    /// <summary>Parses and validates <paramref name="bytes"/>.</summary>
    /// <exception cref="SignatureEnvelopeException">Not a notation COSE_Sign1 envelope; the only exception thrown.</exception>
    public static CoseEnvelope Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Parse(CoseMessage.DecodeSign1(bytes));
        }
        catch (CryptographicException e)
        {
            throw new SignatureEnvelopeException("the COSE envelope is not a valid COSE_Sign1 message: " + e.Message, e);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new SignatureEnvelopeException("the COSE envelope holds a malformed header: " + e.Message, e);
        }
    }

    public override bool VerifySignature(X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        try
        {
            if (Algorithm[0] == 'P')
            {
                using var rsa = leaf.GetRSAPublicKey();
                return rsa is not null && Message.VerifyEmbedded(rsa);
            }

            using var ecdsa = leaf.GetECDsaPublicKey();
            return ecdsa is not null && Message.VerifyEmbedded(ecdsa);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static CoseEnvelope Parse(CoseSign1Message message)
    {
        if (message.Content is not { } content)
        {
            throw new SignatureEnvelopeException("the COSE envelope has a detached payload; notation embeds it");
        }

        var headers = message.ProtectedHeaders;
        var algorithm = headers.TryGetValue(CoseHeaderLabel.Algorithm, out var alg) ? AlgorithmName(alg) : null;
        if (!NotaryAlgorithms.IsKnown(algorithm))
        {
            throw new SignatureEnvelopeException("the COSE algorithm is not one of ES256, ES384, ES512, PS256, PS384, PS512");
        }

        var critical = headers.TryGetValue(CoseHeaderLabel.CriticalHeaders, out var crit)
            ? Critical(crit)
            : throw new SignatureEnvelopeException("the COSE protected header has no crit list");
        var contentType = headers.TryGetValue(CoseHeaderLabel.ContentType, out var cty) ? TextOrNull(cty) : null;
        var scheme = Text(headers, NotaryHeaders.SigningScheme);
        var signingTime = Time(headers, NotaryHeaders.SigningTime);
        var authentic = Time(headers, NotaryHeaders.AuthenticSigningTime);
        var expiry = Time(headers, NotaryHeaders.Expiry);
        NotaryHeaders.ValidateSignedAttributes(
            contentType,
            scheme,
            signingTime,
            authentic,
            expiry,
            critical,
            name => headers.ContainsKey(Label(name)),
            Understood.Contains);
        return new CoseEnvelope
        {
            Payload = content.ToArray(),
            Algorithm = algorithm!,
            SigningScheme = scheme!,
            SigningTime = signingTime,
            AuthenticSigningTime = authentic,
            Expiry = expiry,
            HasTimestamp = message.UnprotectedHeaders.ContainsKey(new CoseHeaderLabel(NotaryHeaders.TimestampSignature)),
            CertificateChain = Chain(message.UnprotectedHeaders),
            Message = message,
        };
    }

    private static string? AlgorithmName(CoseHeaderValue value)
    {
        var reader = new CborReader(value.EncodedValue);
        if (reader.PeekState() is not (CborReaderState.NegativeInteger or CborReaderState.UnsignedInteger))
        {
            return null;
        }

        return reader.ReadInt64() switch
        {
            -7 => "ES256",
            -35 => "ES384",
            -36 => "ES512",
            -37 => "PS256",
            -38 => "PS384",
            -39 => "PS512",
            _ => null,
        };
    }

    /// <summary>The crit labels: text labels as they are, integer labels as <c>#n</c> (never understood).</summary>
    private static List<string> Critical(CoseHeaderValue value)
    {
        var reader = new CborReader(value.EncodedValue);
        var count = reader.ReadStartArray();
        var names = new List<string>();
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            names.Add(reader.PeekState() == CborReaderState.TextString
                ? reader.ReadTextString()
                : "#" + reader.ReadInt64().ToString(CultureInfo.InvariantCulture));
        }

        reader.ReadEndArray();
        return count == 0 || names.Count == 0
            ? throw new SignatureEnvelopeException("the COSE crit list is empty")
            : names;
    }

    private static CoseHeaderLabel Label(string name) =>
        name.StartsWith('#') && int.TryParse(name.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? new CoseHeaderLabel(number)
            : new CoseHeaderLabel(name);

    private static string? TextOrNull(CoseHeaderValue value)
    {
        var reader = new CborReader(value.EncodedValue);
        return reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : null;
    }

    private static string? Text(CoseHeaderMap headers, string name)
    {
        if (!headers.TryGetValue(new CoseHeaderLabel(name), out var value))
        {
            return null;
        }

        return TextOrNull(value) ?? throw new SignatureEnvelopeException($"the COSE header \"{name}\" is not a text string");
    }

    private static DateTimeOffset? Time(CoseHeaderMap headers, string name)
    {
        if (!headers.TryGetValue(new CoseHeaderLabel(name), out var value))
        {
            return null;
        }

        var reader = new CborReader(value.EncodedValue);
        if (reader.PeekState() != CborReaderState.Tag || reader.ReadTag() != CborTag.UnixTimeSeconds
            || reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
        {
            throw new SignatureEnvelopeException($"the COSE header \"{name}\" is not a tag 1 epoch time");
        }

        var seconds = reader.ReadInt64();
        return seconds is < -62135596800 or > 253402300799
            ? throw new SignatureEnvelopeException($"the COSE header \"{name}\" is out of range")
            : DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    private static List<byte[]> Chain(CoseHeaderMap unprotected)
    {
        if (!unprotected.TryGetValue(new CoseHeaderLabel(X5Chain), out var value))
        {
            throw new SignatureEnvelopeException("the COSE unprotected header has no x5chain certificate chain");
        }

        var reader = new CborReader(value.EncodedValue);
        var chain = new List<byte[]>();
        if (reader.PeekState() == CborReaderState.ByteString)
        {
            chain.Add(reader.ReadByteString());
            return chain;
        }

        reader.ReadStartArray();
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            chain.Add(reader.ReadByteString());
        }

        return chain.Count == 0 ? throw new SignatureEnvelopeException("the COSE x5chain is empty") : chain;
    }
}
