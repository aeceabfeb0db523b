using System.Text;
using OciSource.Testing;
using OciSource.Verification.Keys;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary><see cref="PublicKeyPem.Parse"/> on mutated PEM text and on PEMs around mutated DER raises only <see cref="KeyFormatException"/>.</summary>
public sealed class PublicKeyPemFuzzTests
{
    private static readonly string[] Pems = Directory.GetFiles(FuzzCorpus.Cases, "key.pub", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(File.ReadAllText)
        .ToArray();

    [Fact]
    public void Parse_MutatedPemText_ThrowsOnlyKeyFormatException()
    {
        Assert.NotEmpty(Pems);
        var bytes = new ByteMutator(new Random(5701));
        var refused = FuzzRunner.Run<KeyFormatException>(
            5702,
            r => bytes.Mutate(Encoding.UTF8.GetBytes(Pems[r.Next(Pems.Length)])),
            b => PublicKeyPem.Parse(Encoding.UTF8.GetString(b)).Dispose());

        Assert.InRange(refused, 1, FuzzInputs.Count);
    }

    [Fact]
    public void Parse_PemAroundMutatedDer_ThrowsOnlyKeyFormatException()
    {
        var bytes = new ByteMutator(new Random(5801));
        var ders = Pems.Select(p => Convert.FromBase64String(string.Concat(p.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))))).ToArray();
        var refused = FuzzRunner.Run<KeyFormatException>(
            5802,
            r => bytes.Mutate(ders[r.Next(ders.Length)]),
            der => PublicKeyPem.Parse(new string(System.Security.Cryptography.PemEncoding.Write("PUBLIC KEY", der))).Dispose());

        Assert.InRange(refused, 1, FuzzInputs.Count);
    }
}
