using System.Security.Cryptography;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Tests;

/// <summary>A random file that oras pushed as the single layer of <c>&lt;repository&gt;:v1</c> (oras stores file bytes unchanged).</summary>
public sealed record PushedBlob(string Repository, string Digest, byte[] Bytes)
{
    public string BlobPath => $"v2/{Repository}/blobs/{Digest}";

    public static async Task<PushedBlob> PushAsync(Tools tools, RegistryServer registry, string repository, int size, CancellationToken cancellationToken)
    {
        var work = TestEnvironment.CreateWorkDirectory("pushed-blob");
        try
        {
            var bytes = RandomNumberGenerator.GetBytes(size);
            await File.WriteAllBytesAsync(Path.Combine(work, "blob.bin"), bytes, cancellationToken);
            await tools.RunAsync(
                tools.Oras, ["push", $"{registry.Host}/{repository}:v1", "blob.bin", .. registry.OrasConnectionArguments()], cancellationToken, workingDirectory: work);
            return new PushedBlob(repository, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes);
        }
        finally
        {
            TestEnvironment.DeleteWorkDirectory(work);
        }
    }
}
