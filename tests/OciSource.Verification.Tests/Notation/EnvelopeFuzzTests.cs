using System.Text;
using System.Text.Json.Nodes;
using OciSource.Distribution.Content;
using OciSource.Testing;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Notation;

/// <summary>
/// Random and structure-shaped inputs for both envelope parsers, the certificate chain decoder and the whole
/// evaluation: the parsers throw only <see cref="SignatureEnvelopeException"/>, the evaluation never throws.
/// <see cref="FuzzInputs.Count"/> inputs each, fixed seeds.
/// </summary>
public sealed class EnvelopeFuzzTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly TestSigner _signer = TestSigner.CreateEcdsa(Now.AddHours(-1));
    private readonly byte[] _payload = TestSigner.Payload("application/vnd.oci.image.manifest.v1+json", "sha256:" + new string('a', 64), 123);

    [Fact]
    public void JwsParse_MutatedAndRandomInputs_ThrowsOnlySignatureEnvelopeException()
    {
        var valid = _signer.Jws(_signer.JwsHeader(Now), _payload);
        var random = new Random(1701);
        var parsed = 0;
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var input = (i % 4) switch
            {
                0 => Mutate(random, valid),
                1 => Encoding.UTF8.GetBytes(ShapedJws(random)),
                2 => RandomBytes(random, random.Next(0, 200)),
                _ => Mutate(random, Encoding.UTF8.GetBytes(ShapedJws(random))),
            };
            parsed += Parses(() => JwsEnvelope.Parse(input), input);
        }

        Assert.True(parsed > 0, "no input parsed: the mutations never kept an envelope valid");
    }

    [Fact]
    public void CoseParse_MutatedAndRandomInputs_ThrowsOnlySignatureEnvelopeException()
    {
        var valid = _signer.Cose(_payload, Now, Now.AddDays(1));
        var random = new Random(1702);
        var parsed = 0;
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var input = (i % 3) switch
            {
                0 => Mutate(random, valid),
                1 => Splice(random, valid),
                _ => RandomBytes(random, random.Next(0, 200)),
            };
            parsed += Parses(() => CoseEnvelope.Parse(input), input);
        }

        Assert.True(parsed > 0, "no input parsed: the mutations never kept an envelope valid");
    }

    [Fact]
    public void CodeSigningChain_MutatedAndRandomCertificates_DecodeThrowsOnlySignatureEnvelopeExceptionAndChecksNeverThrow()
    {
        var der = _signer.Certificate.RawData;
        var random = new Random(1703);
        var decoded = 0;
        for (var i = 0; i < FuzzInputs.Count; i++)
        {
            var input = (i % 3) switch
            {
                0 => [Mutate(random, der)],
                1 => new[] { der, Mutate(random, der) },
                _ => [RandomBytes(random, random.Next(0, 100))],
            };
            CodeSigningChain chain;
            try
            {
                chain = CodeSigningChain.Decode(input);
            }
            catch (SignatureEnvelopeException)
            {
                continue;
            }

            using (chain)
            {
                decoded++;
                _ = chain.Validate(Now);
                _ = chain.InvalidAt(Now);
                _ = chain.WithRevocationInformation().Count();
                _ = NotaryAlgorithms.ForKey(chain.Leaf);
            }
        }

        Assert.True(decoded > 0, "no mutated certificate decoded");
    }

    [Fact]
    public void Evaluate_MutatedEnvelopes_NeverThrows()
    {
        var target = new SignatureEvaluator.Target(Digest.Parse("sha256:" + new string('a', 64)), 123, "application/vnd.oci.image.manifest.v1+json");
        var policy = TestPolicies.For("r.example/repo", "strict").Policies[0];
        var jws = _signer.Jws(_signer.JwsHeader(Now), _payload);
        var cose = _signer.Cose(_payload, Now);
        var random = new Random(1704);
        var verified = 0;
        for (var i = 0; i < FuzzInputs.Count / 4; i++)
        {
            var cosePart = i % 2 == 0;
            var input = Mutate(random, cosePart ? cose : jws);
            var result = SignatureEvaluator.Evaluate(input, cosePart ? "application/cose" : "application/jose+json", target, policy, [_signer.Certificate], Now);
            verified += result.Outcome == NotationOutcome.Verified ? 1 : 0;
        }

        Assert.True(verified < FuzzInputs.Count / 4, "every mutated envelope verified");
    }

    public void Dispose() => _signer.Dispose();

    private static int Parses(Func<SignatureEnvelope> parse, byte[] input)
    {
        try
        {
            parse();
            return 1;
        }
        catch (SignatureEnvelopeException)
        {
            return 0;
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message} for input {Convert.ToBase64String(input)}");
            return 0;
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One to four byte flips, truncations, insertions or deletions; sometimes none (the valid input).</summary>
    private static byte[] Mutate(Random random, byte[] input)
    {
        var bytes = input.ToList();
        var count = random.Next(0, 5);
        for (var n = 0; n < count && bytes.Count > 0; n++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Copies a random slice of the input over another place in it (moves CBOR items around).</summary>
    private static byte[] Splice(Random random, byte[] input)
    {
        var copy = input.ToArray();
        var length = random.Next(1, 16);
        var from = random.Next(copy.Length - length);
        var to = random.Next(copy.Length - length);
        Array.Copy(input, from, copy, to, length);
        return copy;
    }

    /// <summary>A JWS envelope whose fields have random types and values.</summary>
    private static string ShapedJws(Random random)
    {
        JsonNode? Value() => random.Next(8) switch
        {
            0 => null,
            1 => random.Next(),
            2 => new JsonArray(RandomText(random), random.Next()),
            3 => new JsonObject { ["x5c"] = new JsonArray(RandomText(random)) },
            4 => "2026-12-05T12:00:00Z",
            5 => "notary.x509",
            6 => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(RandomHeader(random))),
            _ => RandomText(random),
        };

        var envelope = new JsonObject();
        foreach (var name in new[] { "payload", "protected", "header", "signature" })
        {
            if (random.Next(6) != 0)
            {
                envelope[name] = Value();
            }
        }

        return envelope.ToJsonString();
    }

    private static string RandomHeader(Random random)
    {
        var header = new JsonObject();
        string[] names = ["alg", "cty", "crit", "io.cncf.notary.signingScheme", "io.cncf.notary.signingTime", "io.cncf.notary.expiry", "io.cncf.notary.authenticSigningTime"];
        foreach (var name in names)
        {
            header[name] = random.Next(7) switch
            {
                0 => "ES256",
                1 => "application/vnd.cncf.notary.payload.v1+json",
                2 => new JsonArray("io.cncf.notary.signingScheme", RandomText(random)),
                3 => "notary.x509.signingAuthority",
                4 => "9999-99-99T00:00:00Z",
                5 => random.Next(),
                _ => RandomText(random),
            };
        }

        return header.ToJsonString();
    }

    private static string RandomText(Random random) =>
        new([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => (char)random.Next(0x20, 0x250))]);
}
