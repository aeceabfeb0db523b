using System.Text;
using OciSource.Verification.Cosign;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary>
/// <see cref="SimpleSigningPayload.NamesDigest"/> answers true or false for any input and never throws, invalid UTF-8
/// and lone surrogate escapes included.
/// </summary>
public sealed class SimpleSigningPayloadFuzzTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly byte[] Valid = Encoding.UTF8.GetBytes(
        $$"""{"critical":{"identity":{"docker-reference":"r/app"},"image":{"docker-manifest-digest":"{{Digest}}"},"type":"cosign container image signature"},"optional":null}""");

    [Fact]
    public void NamesDigest_MutatedPayloads_NeverThrows()
    {
        Assert.True(SimpleSigningPayload.NamesDigest(Valid, Digest));
        var json = new JsonMutator(new Random(6401));
        var bytes = new ByteMutator(new Random(6402));
        var named = 0;
        FuzzRunner.RunWithoutExceptions(
            6403,
            r => Draw(r, bytes, json),
            b => named += SimpleSigningPayload.NamesDigest(b, Digest) ? 1 : 0);

        Assert.InRange(named, 1, OciSource.Testing.FuzzInputs.Count - 1);
    }

    /// <summary>A mutated payload (invalid UTF-8 and lone surrogate escapes included), or random bytes.</summary>
    private static byte[] Draw(Random random, ByteMutator bytes, JsonMutator json) =>
        random.Next(8) == 0 ? bytes.Random(256) : json.Mutate(Valid);
}
