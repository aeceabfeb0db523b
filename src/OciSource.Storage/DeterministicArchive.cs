using System.Formats.Tar;
using System.IO.Compression;

namespace OciSource.Storage;

/// <summary>
/// Writes a directory as a tar.gz that depends only on the tree's names, contents and execute bits (Flux's archive
/// rules): a root entry <c>.</c> first, then entries in ordinal order per directory (directories without a trailing
/// slash), only directories and regular files (links and others skipped), modification times at the Unix epoch,
/// owner and group 0 and unnamed, modes 0750 for directories and 0600 for files (0700 when any execute bit is set),
/// USTAR headers (PAX only for names USTAR cannot hold), gzip at the default level with a zero header time.
/// </summary>
internal static class DeterministicArchive
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode ExecutableMode = FileMode | UnixFileMode.UserExecute;
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static async Task WriteAsync(string directory, Func<string, bool, bool> include, Stream destination, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true);
        await tar.WriteEntryAsync(Entry(TarEntryType.Directory, ".", DirectoryMode), cancellationToken);
        await WriteDirectoryAsync(tar, directory, string.Empty, include, cancellationToken);
    }

    private static async Task WriteDirectoryAsync(TarWriter tar, string path, string relative, Func<string, bool, bool> include, CancellationToken cancellationToken)
    {
        var children = new DirectoryInfo(path).EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal);
        foreach (var child in children)
        {
            var name = relative.Length == 0 ? child.Name : $"{relative}/{child.Name}";
            if (child.LinkTarget is not null)
            {
                continue;
            }

            if (child is DirectoryInfo subdirectory)
            {
                if (include(name, true))
                {
                    await tar.WriteEntryAsync(Entry(TarEntryType.Directory, name, DirectoryMode), cancellationToken);
                    await WriteDirectoryAsync(tar, subdirectory.FullName, name, include, cancellationToken);
                }
            }
            else if (child is FileInfo file && include(name, false))
            {
                var mode = (file.UnixFileMode & AnyExecute) != 0 ? ExecutableMode : FileMode;
                var entry = Entry(TarEntryType.RegularFile, name, mode);
                await using var data = new FileStream(file.FullName, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                entry.DataStream = data;
                await tar.WriteEntryAsync(entry, cancellationToken);
            }
        }
    }

    private static TarEntry Entry(TarEntryType type, string name, UnixFileMode mode)
    {
        TarEntry entry = name.Length <= 100 || (name.Length <= 255 && name.LastIndexOf('/') is > 0 and var split && split <= 155 && name.Length - split - 1 <= 100)
            ? new UstarTarEntry(type, name)
            : new PaxTarEntry(type, name, new Dictionary<string, string> { ["mtime"] = "0" });
        entry.Mode = mode;
        entry.ModificationTime = DateTimeOffset.UnixEpoch;
        entry.Uid = 0;
        entry.Gid = 0;
        if (entry is PosixTarEntry posix)
        {
            posix.UserName = string.Empty;
            posix.GroupName = string.Empty;
        }

        return entry;
    }
}
