using System.Text;
using OciSource.Testing;
using OciSource.Verification.Notation;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary>
/// <see cref="TrustPolicyParser.Parse"/> on random bytes and mutated policies raises only <see cref="TrustPolicyException"/>,
/// also for invalid UTF-8 and lone surrogate escapes.
/// </summary>
public sealed class TrustPolicyParserFuzzTests
{
    private static readonly byte[] Valid = Encoding.UTF8.GetBytes("""
        {"version":"1.0","trustPolicies":[
          {"name":"exact","registryScopes":["localhost:5000/app"],"signatureVerification":{"level":"strict"},
           "trustStores":["ca:flux","signingAuthority:sa"],"trustedIdentities":["x509.subject: CN=signer,O=Example"]},
          {"name":"rest","registryScopes":["*"],"signatureVerification":{"level":"skip"}}]}
        """);

    [Fact]
    public void Parse_ValidPolicy_Parses() => Assert.Equal(2, TrustPolicyParser.Parse(Valid).Policies.Count);

    [Fact]
    public void Parse_MutatedPolicies_ThrowsOnlyTrustPolicyException()
    {
        var json = new JsonMutator(new Random(6301));
        var bytes = new ByteMutator(new Random(6302));
        var refused = FuzzRunner.Run<TrustPolicyException>(
            6303,
            r => Draw(r, bytes, json),
            b => TrustPolicyParser.Parse(b));

        Assert.InRange(refused, 1, FuzzInputs.Count - 1);
    }

    /// <summary>A mutated policy (invalid UTF-8 and lone surrogate escapes included), or random bytes.</summary>
    private static byte[] Draw(Random random, ByteMutator bytes, JsonMutator json) =>
        random.Next(8) == 0 ? bytes.Random(256) : json.Mutate(Valid);
}
