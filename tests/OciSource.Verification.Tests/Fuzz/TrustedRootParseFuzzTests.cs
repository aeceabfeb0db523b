using OciSource.Testing;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary><see cref="TrustedRoot.Parse"/> on random bytes and mutated production roots raises only <see cref="SigstoreVerificationException"/>.</summary>
public sealed class TrustedRootParseFuzzTests
{
    [Fact]
    public void Parse_RandomBytes_ThrowsOnlySigstoreVerificationException()
    {
        var bytes = new ByteMutator(new Random(5501));
        FuzzRunner.Run<SigstoreVerificationException>(5502, _ => bytes.Random(512), b => TrustedRoot.Parse(b));
    }

    [Fact]
    public void Parse_MutatedProductionRoot_ThrowsOnlySigstoreVerificationException()
    {
        var json = new JsonMutator(new Random(5601));
        var refused = FuzzRunner.Run<SigstoreVerificationException>(5602, _ => json.Mutate(FuzzCorpus.ProductionRoot), b => TrustedRoot.Parse(b));

        Assert.InRange(refused, 1, FuzzInputs.Count - 1);
    }
}
