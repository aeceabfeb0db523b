using System.Security.Cryptography;
using OciSource.Testing;
using OciSource.Testing.Sigstore;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary>
/// Full <see cref="BundleVerifier.Verify"/> on mutated valid bundles (a production message-signature bundle and a local
/// keyless DSSE bundle): only <see cref="SigstoreVerificationException"/> may come out, and a mutated bundle that still
/// verifies must carry the original signature and certificate (only unsigned, unused fields changed).
/// </summary>
public sealed class BundleVerifyFuzzTests
{
    private static readonly VerificationPolicy AnyIdentity = VerificationPolicy.ForIdentities([new CertificateIdentity(".*", ".*")]);

    [Fact]
    public void Verify_MutatedProductionBundle_ThrowsOnlySigstoreVerificationExceptionAndNeverAcceptsAnotherSignature()
    {
        var bundle = File.ReadAllBytes(Path.Combine(FuzzCorpus.Cases, "happy-path-v0.3", "bundle.sigstore.json"));
        var digest = SHA256.HashData(File.ReadAllBytes(Path.Combine(FuzzCorpus.Cases, "a.txt")));
        Fuzz(5301, bundle, digest, new BundleVerifier(TrustedRoot.Production));
    }

    [Fact]
    public void Verify_MutatedLocalKeylessBundle_ThrowsOnlySigstoreVerificationExceptionAndNeverAcceptsAnotherSignature()
    {
        using var sigstore = new LocalSigstore();
        var digest = "sha256:" + new string('b', 64);
        var bundle = sigstore.Sign(digest);
        Fuzz(5401, bundle, Convert.FromHexString(digest[7..]), new BundleVerifier(TrustedRoot.Parse(sigstore.TrustedRootJson())));
    }

    private static void Fuzz(int seed, byte[] bundle, byte[] digest, BundleVerifier verifier)
    {
        verifier.Verify(bundle, digest, AnyIdentity);
        var original = Bundle.Parse(bundle);
        var json = new JsonMutator(new Random(seed));
        var verified = 0;
        var refused = FuzzRunner.Run<SigstoreVerificationException>(seed + 1, _ => json.Mutate(bundle), mutated =>
        {
            verifier.Verify(mutated, digest, AnyIdentity);
            verified++;
            var parsed = Bundle.Parse(mutated);
            Assert.Equal(original.Certificate!.RawData, parsed.Certificate!.RawData);
            Assert.Equal(original.MessageSignature?.Signature, parsed.MessageSignature?.Signature);
            Assert.Equal(original.Envelope?.Signature, parsed.Envelope?.Signature);
            Assert.Equal(original.Envelope?.Payload, parsed.Envelope?.Payload);
        });

        Assert.Equal(FuzzInputs.Count, refused + verified);
        Assert.InRange(refused, FuzzInputs.Count / 2, FuzzInputs.Count);
    }
}
