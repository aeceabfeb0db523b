using System.Formats.Cbor;
using System.Security.Cryptography.Cose;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

/// <summary>The COSE_Sign1 envelope parser on hand-made envelopes.</summary>
public sealed class CoseEnvelopeTests : IDisposable
{
    private static readonly DateTimeOffset SigningTime = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly TestSigner _signer = TestSigner.CreateEcdsa(SigningTime.AddHours(-1));
    private readonly byte[] _payload = TestSigner.Payload("application/vnd.oci.image.manifest.v1+json", "sha256:" + new string('b', 64), 42);

    [Fact]
    public void Parse_NotationShapedEnvelope_ReadsEveryField()
    {
        var envelope = CoseEnvelope.Parse(_signer.Cose(_payload, SigningTime, SigningTime.AddDays(1)));

        Assert.Equal("ES256", envelope.Algorithm);
        Assert.Equal("notary.x509", envelope.SigningScheme);
        Assert.Equal(SigningTime, envelope.SigningTime);
        Assert.Equal(SigningTime.AddDays(1), envelope.Expiry);
        Assert.Equal(_payload, envelope.Payload);
        Assert.Equal(_signer.Certificate.RawData, Assert.Single(envelope.CertificateChain));
        Assert.True(envelope.VerifySignature(_signer.Certificate));
    }

    [Fact]
    public void VerifySignature_OtherKeyOrAlteredSignature_False()
    {
        using var other = TestSigner.CreateEcdsa(SigningTime, "other");
        var bytes = _signer.Cose(_payload, SigningTime);
        var altered = bytes.ToArray();
        altered[^1] ^= 0x80;

        Assert.False(CoseEnvelope.Parse(bytes).VerifySignature(other.Certificate));
        Assert.False(CoseEnvelope.Parse(altered).VerifySignature(_signer.Certificate));
    }

    [Fact]
    public void Parse_UnknownCriticalHeader_Throws()
    {
        var error = Assert.Throws<SignatureEnvelopeException>(() => CoseEnvelope.Parse(_signer.Cose(_payload, SigningTime, null, "io.example.policy")));

        Assert.Equal("the critical header \"io.example.policy\" is not understood", error.Message);
    }

    [Fact]
    public void Parse_SigningTimeNotTagged_Throws()
    {
        var message = CoseMessage.DecodeSign1(_signer.Cose(_payload, SigningTime));
        var writer = new CborWriter();
        writer.WriteInt64(SigningTime.ToUnixTimeSeconds());
        var headers = Copy(message.ProtectedHeaders);
        headers[new CoseHeaderLabel("io.cncf.notary.signingTime")] = CoseHeaderValue.FromEncodedValue(writer.Encode());

        var error = Assert.Throws<SignatureEnvelopeException>(() => CoseEnvelope.Parse(Resign(headers)));

        Assert.Contains("tag 1 epoch time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoX5Chain_Throws()
    {
        var message = CoseMessage.DecodeSign1(_signer.Cose(_payload, SigningTime));
        message.UnprotectedHeaders.Remove(new CoseHeaderLabel(33));

        var error = Assert.Throws<SignatureEnvelopeException>(() => CoseEnvelope.Parse(message.Encode()));

        Assert.Contains("no x5chain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotCbor_Throws() =>
        Assert.Throws<SignatureEnvelopeException>(() => CoseEnvelope.Parse("{\"payload\":\"\"}"u8));

    public void Dispose() => _signer.Dispose();

    private static CoseHeaderMap Copy(CoseHeaderMap source)
    {
        var copy = new CoseHeaderMap();
        foreach (var (label, value) in source)
        {
            if (!label.Equals(CoseHeaderLabel.Algorithm))
            {
                copy[label] = value;
            }
        }

        return copy;
    }

    private byte[] Resign(CoseHeaderMap headers)
    {
        var x5chain = CoseMessage.DecodeSign1(_signer.Cose(_payload, SigningTime)).UnprotectedHeaders;
        return _signer.Sign(_payload, headers, x5chain);
    }
}
