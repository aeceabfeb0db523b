using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using ZstdSharp;

namespace OciSource.Storage;

/// <summary>
/// Unpacks a layer into a directory with Flux's safety rules: gzip, zstd or plain tar (recognised by their magic
/// bytes; Flux takes gzip only); names that are absolute, contain <c>\</c> or a <c>..</c> segment are rejected;
/// symbolic links are skipped; hard links become empty files; devices and FIFOs are rejected; directories get at
/// least 0700; file times are kept unless in the future. The decompressed size and the entry count are bounded.
/// The layer stream is always read to its end, past the tar end marker and any compressed trailer or padding, so a
/// stream that verifies its content at its end (the registry client's blob streams) has checked size and digest
/// before the extraction returns: the caller may only commit what was extracted after a normal return.
/// </summary>
public static class LayerExtractor
{
    private static readonly byte[] GzipMagic = [0x1f, 0x8b];
    private static readonly byte[] ZstdMagic = [0x28, 0xb5, 0x2f, 0xfd];

    /// <exception cref="ExtractionException">The layer is not a supported tar, holds a rejected entry, or exceeds a limit.</exception>
    /// <exception cref="IOException">Writing to <paramref name="targetDirectory"/> failed (e.g. the disk is full or read-only).</exception>
    /// <exception cref="UnauthorizedAccessException">Writing to <paramref name="targetDirectory"/> was refused.</exception>
    /// <remarks>Whatever the layer stream throws (e.g. a digest mismatch found when it is read to its end) passes through unchanged.</remarks>
    public static async Task ExtractAsync(Stream layer, string targetDirectory, StoreOptions limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(limits);
        var root = Path.GetFullPath(targetDirectory) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        var head = new byte[4];
        var headLength = await layer.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var whole = new PrefixedStream(head.AsMemory(0, headLength), layer);
        await using Stream decompressed = head.AsSpan(0, headLength).StartsWith(GzipMagic) ? new GZipStream(whole, CompressionMode.Decompress)
            : head.AsSpan(0, headLength).StartsWith(ZstdMagic) ? new DecompressionStream(whole)
            : whole;
        var limited = new LimitedReadStream(decompressed, limits.MaxExtractBytes);
        var entries = 0;
        try
        {
            await using var tar = new TarReader(limited);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (++entries > limits.MaxExtractEntries)
                {
                    throw new ExtractionException(string.Create(CultureInfo.InvariantCulture, $"the layer holds more than {limits.MaxExtractEntries} entries"));
                }

                await ExtractEntryAsync(entry, root, cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ZstdException or EndOfStreamException
                                   or InvalidOperationException or NotSupportedException or ArgumentException or OverflowException)
        {
            // TarReader throws the last four for some malformed headers (e.g. a size field too large for its entry type, or out of range).
            throw new ExtractionException($"the layer is not a valid tar archive (gzip, zstd or uncompressed): {e.Message}", e) { Undecodable = true };
        }

        // The tar end marker is not the end of the layer: what follows (the rest of the compressed stream, padding)
        // is part of the content the digest covers, and is read so the verifying stream can check it.
        await layer.CopyToAsync(Stream.Null, cancellationToken);
    }

    private static async Task ExtractEntryAsync(TarEntry entry, string root, CancellationToken cancellationToken)
    {
        var name = entry.Name;
        if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Split('/').Contains(".."))
        {
            throw new ExtractionException($"invalid file path '{name}'");
        }

        var destination = Path.GetFullPath(Path.Combine(root, name));
        if (!(destination + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal))
        {
            throw new ExtractionException($"invalid file path '{name}'");
        }

        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(destination);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(destination, entry.Mode | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                await using (var file = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 0))
                {
                    if (entry.DataStream is { } data)
                    {
                        await data.CopyToAsync(file, cancellationToken);
                    }
                }

                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(destination, (entry.Mode & (UnixFileMode)0x1FF) | UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                if (entry.ModificationTime <= DateTimeOffset.UtcNow)
                {
                    File.SetLastWriteTimeUtc(destination, entry.ModificationTime.UtcDateTime);
                }

                break;
            case TarEntryType.HardLink:
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                await File.WriteAllBytesAsync(destination, [], cancellationToken);
                break;
            case TarEntryType.SymbolicLink:
                break;
            case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes or TarEntryType.LongLink or TarEntryType.LongPath:
                break;
            default:
                throw new ExtractionException($"unsupported entry type {entry.EntryType} for '{name}'");
        }
    }
}
