using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace OciSource.Controller.Tests;

/// <summary>Builds layer archives for tests and reads the archives the controller serves.</summary>
internal static class ArtifactContent
{
    /// <summary>A gzipped tar of <paramref name="files"/> (relative path → text), written to <paramref name="path"/>.</summary>
    public static async Task WriteTarGzAsync(string path, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, text) in files)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
            await tar.WriteEntryAsync(entry, cancellationToken);
        }
    }

    /// <summary>The regular files of a tar.gz (path → text).</summary>
    public static async Task<Dictionary<string, string>> ReadTarGzAsync(byte[] archive, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
            {
                using var reader = new StreamReader(data);
                files[entry.Name] = await reader.ReadToEndAsync(cancellationToken);
            }
        }

        return files;
    }

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
