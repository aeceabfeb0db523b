using System.Text;
using OciSource.Testing;
using OciSource.Verification.Sigstore;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary><see cref="Checkpoint.ParseAndVerify"/> on mutated conformance checkpoints raises only <see cref="SigstoreVerificationException"/>.</summary>
public sealed class CheckpointFuzzTests
{
    [Fact]
    public void ParseAndVerify_MutatedCheckpoints_ThrowsOnlySigstoreVerificationException()
    {
        var checkpoints = FuzzCorpus.Checkpoints;
        Assert.NotEmpty(checkpoints);
        var logs = TrustedRoot.Production.RekorLogs;
        var bytes = new ByteMutator(new Random(6101));
        var refused = FuzzRunner.Run<SigstoreVerificationException>(
            6102,
            r => bytes.Mutate(Encoding.UTF8.GetBytes(checkpoints[r.Next(checkpoints.Count)])),
            note =>
            {
                var text = Encoding.UTF8.GetString(note);
                foreach (var log in logs)
                {
                    Checkpoint.ParseAndVerify(text, log);
                }
            });

        Assert.InRange(refused, 1, FuzzInputs.Count);
    }

    [Fact]
    public void ParseAndVerify_LineShapedNotes_ThrowsOnlySigstoreVerificationException()
    {
        var log = TrustedRoot.Production.RekorLogs[0];
        string[] pieces = ["rekor.sigstore.dev - 1193050959916656506", "", "\n", "\n\n", "-1", "18446744073709551616", "12", "AAAA",
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "\u2014 ", "\u2014 rekor.sigstore.dev ", "wNI9ajBE", " ", "\u2014"];
        FuzzRunner.Run<SigstoreVerificationException>(
            6201,
            r => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, r.Next(1, 16)).Select(_ => pieces[r.Next(pieces.Length)]))),
            note => Checkpoint.ParseAndVerify(Encoding.UTF8.GetString(note), log));
    }
}
