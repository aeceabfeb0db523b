using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OciSource.Verification.Tests.Notation;

/// <summary>
/// Builds notation envelopes by hand (JWS JSON serialization and COSE_Sign1) with a code-signing key, so tests can
/// vary every header. The defaults are what notation 1.3 writes for the <c>notary.x509</c> scheme.
/// </summary>
internal sealed class TestSigner : IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    private TestSigner(AsymmetricAlgorithm key, X509Certificate2 certificate)
    {
        _key = key;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>An ECDSA P-256 key with a self-signed code-signing certificate valid from <paramref name="notBefore"/> for a day.</summary>
    public static TestSigner CreateEcdsa(DateTimeOffset notBefore, string commonName = "test")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new TestSigner(key, SelfSigned(new CertificateRequest($"CN={commonName},O=Notary", key, HashAlgorithmName.SHA256), notBefore));
    }

    /// <summary>The key and certificate notation generated (<c>name.key</c>, <c>name.crt</c>, RSA).</summary>
    public static TestSigner FromFiles(string keyPath, string certificatePath)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(keyPath));
        return new TestSigner(rsa, X509CertificateLoader.LoadCertificateFromFile(certificatePath));
    }

    public string Algorithm => _key is RSA ? "PS256" : "ES256";

    /// <summary>The notary payload for a descriptor.</summary>
    public static byte[] Payload(string mediaType, string digest, long size) =>
        JsonSerializer.SerializeToUtf8Bytes(new { targetArtifact = new { mediaType, digest, size } });

    /// <summary>The protected header notation writes; edit it before <see cref="Jws"/>.</summary>
    public JsonObject JwsHeader(DateTimeOffset signingTime) => new()
    {
        ["alg"] = Algorithm,
        ["crit"] = new JsonArray("io.cncf.notary.signingScheme"),
        ["cty"] = "application/vnd.cncf.notary.payload.v1+json",
        ["io.cncf.notary.signingScheme"] = "notary.x509",
        ["io.cncf.notary.signingTime"] = signingTime.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A JWS envelope of <paramref name="payload"/> under <paramref name="header"/>, signed with the key.</summary>
    public byte[] Jws(JsonObject header, byte[] payload, IEnumerable<X509Certificate2>? chain = null)
    {
        var protectedText = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var payloadText = Base64Url.EncodeToString(payload);
        var input = Encoding.ASCII.GetBytes(protectedText + "." + payloadText);
        var signature = _key is RSA rsa
            ? rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)
            : ((ECDsa)_key).SignData(input, HashAlgorithmName.SHA256);
        var x5c = new JsonArray((chain ?? [Certificate]).Select(c => (JsonNode)Convert.ToBase64String(c.RawData)).ToArray());
        var envelope = new JsonObject
        {
            ["payload"] = payloadText,
            ["protected"] = protectedText,
            ["header"] = new JsonObject { ["x5c"] = x5c, ["io.cncf.notary.signingAgent"] = "test" },
            ["signature"] = Base64Url.EncodeToString(signature),
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    /// <summary>
    /// A COSE_Sign1 envelope of <paramref name="payload"/>: notation's protected headers (times as tag 1), plus
    /// <paramref name="extraCritical"/> text labels marked critical, and the certificate in x5chain.
    /// </summary>
    public byte[] Cose(byte[] payload, DateTimeOffset signingTime, DateTimeOffset? expiry = null, params string[] extraCritical)
    {
        var headers = new CoseHeaderMap
        {
            [CoseHeaderLabel.ContentType] = CoseHeaderValue.FromString("application/vnd.cncf.notary.payload.v1+json"),
            [new CoseHeaderLabel("io.cncf.notary.signingScheme")] = CoseHeaderValue.FromString("notary.x509"),
            [new CoseHeaderLabel("io.cncf.notary.signingTime")] = Epoch(signingTime),
        };
        var critical = new List<string> { "io.cncf.notary.signingScheme" };
        if (expiry is { } value)
        {
            headers[new CoseHeaderLabel("io.cncf.notary.expiry")] = Epoch(value);
            critical.Add("io.cncf.notary.expiry");
        }

        foreach (var extra in extraCritical)
        {
            headers[new CoseHeaderLabel(extra)] = CoseHeaderValue.FromString("x");
            critical.Add(extra);
        }

        var crit = new CborWriter();
        crit.WriteStartArray(critical.Count);
        critical.ForEach(crit.WriteTextString);
        crit.WriteEndArray();
        headers[CoseHeaderLabel.CriticalHeaders] = CoseHeaderValue.FromEncodedValue(crit.Encode());
        var x5chain = new CborWriter();
        x5chain.WriteStartArray(1);
        x5chain.WriteByteString(Certificate.RawData);
        x5chain.WriteEndArray();
        return Sign(payload, headers, new CoseHeaderMap { [new CoseHeaderLabel(33)] = CoseHeaderValue.FromEncodedValue(x5chain.Encode()) });
    }

    /// <summary>A COSE_Sign1 envelope with exactly these headers (the algorithm is added).</summary>
    public byte[] Sign(byte[] payload, CoseHeaderMap protectedHeaders, CoseHeaderMap unprotectedHeaders)
    {
        var unprotected = new CoseHeaderMap();
        foreach (var (label, value) in unprotectedHeaders)
        {
            unprotected[label] = value;
        }

        var signer = _key is RSA rsa
            ? new CoseSigner(rsa, RSASignaturePadding.Pss, HashAlgorithmName.SHA256, protectedHeaders, unprotected)
            : new CoseSigner(_key, HashAlgorithmName.SHA256, protectedHeaders, unprotected);
        return CoseSign1Message.SignEmbedded(payload, signer);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    private static CoseHeaderValue Epoch(DateTimeOffset time)
    {
        var writer = new CborWriter();
        writer.WriteTag(CborTag.UnixTimeSeconds);
        writer.WriteInt64(time.ToUnixTimeSeconds());
        return CoseHeaderValue.FromEncodedValue(writer.Encode());
    }

    private static X509Certificate2 SelfSigned(CertificateRequest request, DateTimeOffset notBefore)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        return request.CreateSelfSigned(notBefore, notBefore.AddDays(1));
    }
}
