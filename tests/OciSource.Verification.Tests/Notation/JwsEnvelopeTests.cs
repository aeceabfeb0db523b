using System.Text;
using System.Text.Json.Nodes;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

/// <summary>The JWS envelope parser on hand-made envelopes.</summary>
public sealed class JwsEnvelopeTests : IDisposable
{
    private static readonly DateTimeOffset SigningTime = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly TestSigner _signer = TestSigner.CreateEcdsa(SigningTime.AddHours(-1));
    private readonly byte[] _payload = TestSigner.Payload("application/vnd.oci.image.manifest.v1+json", "sha256:" + new string('b', 64), 42);

    [Fact]
    public void Parse_NotationShapedEnvelope_ReadsEveryField()
    {
        var header = _signer.JwsHeader(SigningTime);
        header["io.cncf.notary.expiry"] = "2026-12-06T12:00:00Z";
        header["crit"]!.AsArray().Add("io.cncf.notary.expiry");

        var envelope = JwsEnvelope.Parse(_signer.Jws(header, _payload));

        Assert.Equal("ES256", envelope.Algorithm);
        Assert.Equal("notary.x509", envelope.SigningScheme);
        Assert.Equal(SigningTime, envelope.SigningTime);
        Assert.Equal(SigningTime.AddDays(1), envelope.Expiry);
        Assert.Null(envelope.AuthenticSigningTime);
        Assert.False(envelope.HasTimestamp);
        Assert.Equal(_payload, envelope.Payload);
        Assert.Equal(_signer.Certificate.RawData, Assert.Single(envelope.CertificateChain));
        Assert.True(envelope.VerifySignature(_signer.Certificate));
    }

    [Fact]
    public void VerifySignature_OtherKey_False()
    {
        using var other = TestSigner.CreateEcdsa(SigningTime, "other");

        Assert.False(JwsEnvelope.Parse(_signer.Jws(_signer.JwsHeader(SigningTime), _payload)).VerifySignature(other.Certificate));
    }

    [Fact]
    public void VerifySignature_PayloadReplaced_False()
    {
        var json = JsonNode.Parse(_signer.Jws(_signer.JwsHeader(SigningTime), _payload))!;
        json["payload"] = System.Buffers.Text.Base64Url.EncodeToString(TestSigner.Payload("application/vnd.oci.image.manifest.v1+json", "sha256:" + new string('c', 64), 42));

        Assert.False(JwsEnvelope.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())).VerifySignature(_signer.Certificate));
    }

    [Theory]
    [InlineData("crit", null, "no crit list")]
    [InlineData("crit", "[]", "no crit list")]
    [InlineData("crit", "[\"io.cncf.notary.signingTime\"]", "\"io.cncf.notary.signingScheme\" is not marked critical")]
    [InlineData("crit", "[\"io.cncf.notary.signingScheme\",\"io.example.absent\"]", "\"io.example.absent\" is not in the protected header")]
    [InlineData("alg", "\"HS256\"", "algorithm \"HS256\"")]
    [InlineData("alg", null, "algorithm \"\"")]
    [InlineData("cty", "\"application/json\"", "content type")]
    [InlineData("io.cncf.notary.signingScheme", "\"notary.other\"", "signing scheme \"notary.other\"")]
    [InlineData("io.cncf.notary.signingTime", null, "requires io.cncf.notary.signingTime")]
    [InlineData("io.cncf.notary.signingTime", "\"yesterday\"", "not an RFC 3339 time")]
    [InlineData("io.cncf.notary.expiry", "\"2026-12-06T12:00:00Z\"", "\"io.cncf.notary.expiry\" is not marked critical")]
    [InlineData("io.cncf.notary.signingScheme", "\"notary.x509.signingAuthority\"", "requires io.cncf.notary.authenticSigningTime")]
    public void Parse_InvalidProtectedHeader_Throws(string name, string? json, string expected)
    {
        var header = _signer.JwsHeader(SigningTime);
        header.Remove(name);
        if (json is not null)
        {
            header[name] = JsonNode.Parse(json);
        }

        var error = Assert.Throws<SignatureEnvelopeException>(() => JwsEnvelope.Parse(_signer.Jws(header, _payload)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownCriticalHeader_Throws()
    {
        var header = _signer.JwsHeader(SigningTime);
        header["io.example.policy"] = "x";
        header["crit"]!.AsArray().Add("io.example.policy");

        var error = Assert.Throws<SignatureEnvelopeException>(() => JwsEnvelope.Parse(_signer.Jws(header, _payload)));

        Assert.Equal("the critical header \"io.example.policy\" is not understood", error.Message);
    }

    [Fact]
    public void Parse_UnknownNonCriticalHeader_Accepted() =>
        Assert.Equal("ES256", JwsEnvelope.Parse(_signer.Jws(WithExtra(_signer.JwsHeader(SigningTime)), _payload)).Algorithm);

    [Theory]
    [InlineData("header")]
    [InlineData("signature")]
    [InlineData("payload")]
    [InlineData("protected")]
    public void Parse_MissingMember_Throws(string member)
    {
        var json = JsonNode.Parse(_signer.Jws(_signer.JwsHeader(SigningTime), _payload))!.AsObject();
        json.Remove(member);

        Assert.Throws<SignatureEnvelopeException>(() => JwsEnvelope.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[1]")]
    [InlineData("[\"not base64!\"]")]
    [InlineData("\"MIIB\"")]
    public void Parse_BadX5c_Throws(string x5c)
    {
        var json = JsonNode.Parse(_signer.Jws(_signer.JwsHeader(SigningTime), _payload))!;
        json["header"]!["x5c"] = JsonNode.Parse(x5c);

        Assert.Throws<SignatureEnvelopeException>(() => JwsEnvelope.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    [Fact]
    public void Parse_TimestampSignature_Noted()
    {
        var json = JsonNode.Parse(_signer.Jws(_signer.JwsHeader(SigningTime), _payload))!;
        json["header"]!["io.cncf.notary.timestampSignature"] = "AAAA";

        Assert.True(JwsEnvelope.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())).HasTimestamp);
    }

    public void Dispose() => _signer.Dispose();

    private static JsonObject WithExtra(JsonObject header)
    {
        header["io.example.note"] = "not critical";
        return header;
    }
}
