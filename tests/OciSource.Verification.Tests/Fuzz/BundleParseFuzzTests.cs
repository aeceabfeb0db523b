using OciSource.Testing;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary><see cref="Bundle.Parse"/> on random bytes and on mutated conformance bundles raises only <see cref="SigstoreVerificationException"/>.</summary>
public sealed class BundleParseFuzzTests
{
    [Fact]
    public void Parse_RandomBytes_ThrowsOnlySigstoreVerificationException()
    {
        var bytes = new ByteMutator(new Random(5101));
        var refused = FuzzRunner.Run<SigstoreVerificationException>(5102, _ => bytes.Random(512), b => Bundle.Parse(b));

        Assert.Equal(FuzzInputs.Count, refused);
    }

    [Fact]
    public void Parse_MutatedConformanceBundles_ThrowsOnlySigstoreVerificationException()
    {
        var json = new JsonMutator(new Random(5201));
        var bytes = new ByteMutator(new Random(5202));
        var corpus = FuzzCorpus.Bundles;
        var refused = FuzzRunner.Run<SigstoreVerificationException>(
            5203,
            r => r.Next(4) == 0 ? bytes.Mutate(corpus[r.Next(corpus.Count)]) : json.Mutate(FuzzCorpus.JsonBundles[r.Next(FuzzCorpus.JsonBundles.Count)]),
            b => Bundle.Parse(b));

        Assert.InRange(refused, 1, FuzzInputs.Count - 1);
    }
}
