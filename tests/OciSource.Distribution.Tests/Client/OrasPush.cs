using System.Text.RegularExpressions;
using OciSource.Testing;
using OciSource.Testing.Registry;

namespace OciSource.Distribution.Tests.Client;

/// <summary>Pushes test artifacts with the real <c>oras</c> CLI and returns the manifest digest it reports.</summary>
internal static partial class OrasPush
{
    /// <summary>Pushes <paramref name="files"/> (name → content, pushed with <paramref name="mediaType"/>) as <c>repository:tag</c>.</summary>
    public static async Task<string> PushAsync(
        Tools tools, RegistryServer registry, string workDirectory, string repository, string tag,
        IReadOnlyDictionary<string, byte[]> files, string mediaType = "application/vnd.test.layer.v1", IReadOnlyDictionary<string, string>? annotations = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var arguments = new List<string> { "push", $"{registry.Host}/{repository}:{tag}" };
        foreach (var (name, content) in files)
        {
            await File.WriteAllBytesAsync(Path.Combine(workDirectory, name), content, ct);
            arguments.Add($"{name}:{mediaType}");
        }

        foreach (var (key, value) in annotations ?? new Dictionary<string, string>())
        {
            arguments.AddRange(["--annotation", $"{key}={value}"]);
        }

        arguments.AddRange(registry.OrasConnectionArguments());
        var result = await tools.RunAsync(tools.Oras, arguments, ct, workingDirectory: workDirectory);
        return DigestLine().Match(result.StandardOutput) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException("oras printed no digest:\n" + result.StandardOutput);
    }

    [GeneratedRegex(@"Digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
