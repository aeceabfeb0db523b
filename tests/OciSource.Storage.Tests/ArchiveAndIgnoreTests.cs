using System.Formats.Tar;
using System.IO.Compression;

namespace OciSource.Storage.Tests;

public sealed class ArchiveAndIgnoreTests
{
    private static readonly ArtifactKey Key = new("ocirepository", "default", "app");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoreArchive_SameTreeWrittenAtDifferentTimes_GivesTheSameDigest()
    {
        using var scope = new StoreScope();
        var first = Tree(scope, "one");
        var second = Tree(scope, "two");
        File.SetLastWriteTimeUtc(Path.Combine(second, "deploy/app.yaml"), DateTime.UtcNow.AddDays(-3));

        var a = await scope.Store.StoreArchiveAsync(Key, "sha256:a.tar.gz", first, null, Ct);
        var b = await scope.Store.StoreArchiveAsync(new ArtifactKey("ocirepository", "default", "other"), "sha256:b.tar.gz", second, null, Ct);

        Assert.Equal(a.Digest, b.Digest);
        Assert.Equal(a.Size, scope.Store.BlobBytes());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task StoreArchive_Entries_FollowFluxsNormalisation()
    {
        using var scope = new StoreScope();
        var tree = Tree(scope, "tree");
        File.SetUnixFileMode(Path.Combine(tree, "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var stored = await scope.Store.StoreArchiveAsync(Key, "sha256:n.tar.gz", tree, null, Ct);
        var entries = await ReadEntriesAsync(Path.Combine(scope.Options.Root, stored.Path));

        Assert.Equal([".", "deploy", "deploy/app.yaml", "run.sh"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(DateTimeOffset.UnixEpoch, e.ModificationTime));
        Assert.All(entries, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
        Assert.Equal((UnixFileMode)Convert.ToInt32("750", 8), entries[1].Mode);
        Assert.Equal((UnixFileMode)Convert.ToInt32("600", 8), entries[2].Mode);
        Assert.Equal((UnixFileMode)Convert.ToInt32("700", 8), entries[3].Mode);
    }

    [Fact]
    public async Task Ignore_NoUserPatterns_AppliesFluxDefaults()
    {
        using var scope = new StoreScope();
        var tree = Tree(scope, "defaults");
        await File.WriteAllTextAsync(Path.Combine(tree, "logo.png"), "png", Ct);
        Directory.CreateDirectory(Path.Combine(tree, ".github"));
        await File.WriteAllTextAsync(Path.Combine(tree, ".github/ci.yaml"), "ci", Ct);
        Directory.CreateDirectory(Path.Combine(tree, ".git"));
        await File.WriteAllTextAsync(Path.Combine(tree, ".git/HEAD"), "ref", Ct);

        var stored = await scope.Store.StoreArchiveAsync(Key, "sha256:d.tar.gz", tree, SourceIgnore.LoadFilter(tree, null), Ct);

        Assert.Equal([".", "deploy", "deploy/app.yaml", "run.sh"], (await ReadEntriesAsync(Path.Combine(scope.Options.Root, stored.Path))).Select(e => e.Name));
    }

    [Fact]
    public async Task Ignore_SpecAndScopedSourceignore_ReplaceTheDefaults()
    {
        using var scope = new StoreScope();
        var tree = Tree(scope, "user");
        await File.WriteAllTextAsync(Path.Combine(tree, "logo.png"), "png", Ct);
        await File.WriteAllTextAsync(Path.Combine(tree, "deploy/.sourceignore"), "# comment\n*.yaml\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(tree, "deploy/keep.yaml"), "keep", Ct);

        var filter = SourceIgnore.LoadFilter(tree, "run.sh\n!deploy/keep.yaml\n");
        var stored = await scope.Store.StoreArchiveAsync(Key, "sha256:u.tar.gz", tree, filter, Ct);

        Assert.Equal([".", "deploy", "deploy/.sourceignore", "deploy/keep.yaml", "logo.png"], (await ReadEntriesAsync(Path.Combine(scope.Options.Root, stored.Path))).Select(e => e.Name));
    }

    private static string Tree(StoreScope scope, string name)
    {
        var root = scope.Scratch(name);
        Directory.CreateDirectory(Path.Combine(root, "deploy"));
        File.WriteAllText(Path.Combine(root, "deploy/app.yaml"), "kind: ConfigMap\n");
        File.WriteAllText(Path.Combine(root, "run.sh"), "#!/bin/sh\n");
        return root;
    }

    private static async Task<List<TarEntry>> ReadEntriesAsync(string path)
    {
        var entries = new List<TarEntry>();
        await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: true, Ct) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }
}
