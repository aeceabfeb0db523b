using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using ZstdSharp;

namespace OciSource.Storage.Tests;

/// <summary>Builds hostile and ordinary tar layers in memory (gzip, zstd or plain).</summary>
internal sealed class TarBuilder
{
    private readonly List<TarEntry> _entries = [];

    public TarBuilder File(string name, string text)
    {
        _entries.Add(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        return this;
    }

    public TarBuilder Entry(TarEntryType type, string name, string? linkName = null)
    {
        var entry = new PaxTarEntry(type, name);
        if (linkName is not null)
        {
            entry.LinkName = linkName;
        }

        _entries.Add(entry);
        return this;
    }

    public byte[] Tar()
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    public byte[] Gzip() => Compress(Tar(), s => new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true));

    public byte[] Zstd() => Compress(Tar(), s => new CompressionStream(s, leaveOpen: true));

    public static byte[] Compress(byte[] data, Func<Stream, Stream> wrap)
    {
        var output = new MemoryStream();
        using (var compressor = wrap(output))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
