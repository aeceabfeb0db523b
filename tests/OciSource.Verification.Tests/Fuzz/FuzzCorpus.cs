using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OciSource.Testing;

namespace OciSource.Verification.Tests.Fuzz;

/// <summary>Real inputs to mutate: the conformance bundles, their Fulcio certificates and checkpoints, the production trusted root.</summary>
internal static class FuzzCorpus
{
    public static readonly string Cases = Path.Combine(TestEnvironment.RepositoryRoot, "tests", "OciSource.Cli.Tests", "testdata", "sigstore-conformance");

    /// <summary>Every conformance bundle, in name order.</summary>
    public static IReadOnlyList<byte[]> Bundles { get; } = Directory.GetDirectories(Cases)
        .Order(StringComparer.Ordinal)
        .Select(d => Path.Combine(d, "bundle.sigstore.json"))
        .Where(File.Exists)
        .Select(File.ReadAllBytes)
        .ToArray();

    /// <summary>The bundles that are valid JSON (the structure-aware mutator starts from these).</summary>
    public static IReadOnlyList<byte[]> JsonBundles { get; } = Bundles.Where(IsJson).ToArray();

    /// <summary>The leaf certificates (DER) of the conformance bundles.</summary>
    public static IReadOnlyList<byte[]> Certificates { get; } = JsonBundles.SelectMany(LeafCertificates).ToArray();

    /// <summary>The checkpoints of the conformance bundles' inclusion proofs.</summary>
    public static IReadOnlyList<string> Checkpoints { get; } = JsonBundles.SelectMany(CheckpointsOf).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The embedded production trusted root.</summary>
    public static byte[] ProductionRoot { get; } = File.ReadAllBytes(Path.Combine(
        TestEnvironment.RepositoryRoot, "src", "OciSource.Verification", "Sigstore", "TrustedRoots", "public-good-production.trusted_root.json"));

    /// <summary>The production Fulcio intermediate (the issuer of the conformance leaves).</summary>
    public static X509Certificate2 FulcioIntermediate { get; } = OciSource.Verification.Sigstore.TrustedRoot.Production.CertificateAuthorities[^1].Chain[0];

    private static bool IsJson(byte[] bytes)
    {
        try
        {
            using var _ = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IEnumerable<byte[]> LeafCertificates(byte[] bundle)
    {
        using var document = JsonDocument.Parse(bundle);
        if (!document.RootElement.TryGetProperty("verificationMaterial", out var material))
        {
            return [];
        }

        var certificate = material.TryGetProperty("certificate", out var single) ? single
            : material.TryGetProperty("x509CertificateChain", out var chain) && chain.GetProperty("certificates").GetArrayLength() > 0
                ? chain.GetProperty("certificates")[0]
                : default;
        return certificate.ValueKind == JsonValueKind.Object && certificate.TryGetProperty("rawBytes", out var raw) && raw.GetString() is { Length: > 0 } text
            ? [Convert.FromBase64String(text)]
            : [];
    }

    private static IEnumerable<string> CheckpointsOf(byte[] bundle)
    {
        using var document = JsonDocument.Parse(bundle);
        if (!document.RootElement.TryGetProperty("verificationMaterial", out var material) || !material.TryGetProperty("tlogEntries", out var entries))
        {
            return [];
        }

        return entries.EnumerateArray()
            .Select(e => e.TryGetProperty("inclusionProof", out var proof) && proof.TryGetProperty("checkpoint", out var checkpoint)
                && checkpoint.TryGetProperty("envelope", out var envelope) ? envelope.GetString() : null)
            .OfType<string>()
            .ToArray();
    }
}
