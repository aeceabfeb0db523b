using System.Formats.Tar;
using System.IO.Compression;

namespace OciSource.Storage.Tests;

public sealed class LayerExtractorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("tar")]
    public async Task Extract_SupportedFormats_WriteTheFiles(string format)
    {
        using var scope = new StoreScope();
        var layer = new TarBuilder().Entry(TarEntryType.Directory, "deploy").File("deploy/app.yaml", "kind: ConfigMap").File("README.md", "hi");
        var bytes = format switch { "gzip" => layer.Gzip(), "zstd" => layer.Zstd(), _ => layer.Tar() };
        var target = scope.Scratch("out");

        await LayerExtractor.ExtractAsync(new MemoryStream(bytes), target, scope.Options, Ct);

        Assert.Equal("kind: ConfigMap", await File.ReadAllTextAsync(Path.Combine(target, "deploy/app.yaml"), Ct));
        Assert.Equal("hi", await File.ReadAllTextAsync(Path.Combine(target, "README.md"), Ct));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\b")]
    public async Task Extract_PathEscapingTheTarget_IsRejectedAndNothingEscapes(string name)
    {
        using var scope = new StoreScope();
        var target = scope.Scratch("out");

        var error = await Assert.ThrowsAsync<ExtractionException>(
            () => LayerExtractor.ExtractAsync(new MemoryStream(new TarBuilder().File(name, "x").Gzip()), target, scope.Options, Ct));

        Assert.Contains("invalid file path", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(scope.Directory, "escape.txt")));
    }

    [Fact]
    public async Task Extract_Symlinks_AreSkippedAndHardlinksBecomeEmptyFiles()
    {
        using var scope = new StoreScope();
        var target = scope.Scratch("out");
        var layer = new TarBuilder().File("real.txt", "data").Entry(TarEntryType.SymbolicLink, "link", "/etc/passwd").Entry(TarEntryType.HardLink, "hard", "real.txt");

        await LayerExtractor.ExtractAsync(new MemoryStream(layer.Gzip()), target, scope.Options, Ct);

        Assert.False(File.Exists(Path.Combine(target, "link")));
        Assert.Null(new FileInfo(Path.Combine(target, "link")).LinkTarget);
        Assert.Equal(string.Empty, await File.ReadAllTextAsync(Path.Combine(target, "hard"), Ct));
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public async Task Extract_DevicesAndFifos_AreRejected(TarEntryType type)
    {
        using var scope = new StoreScope();

        var error = await Assert.ThrowsAsync<ExtractionException>(
            () => LayerExtractor.ExtractAsync(new MemoryStream(new TarBuilder().Entry(type, "dev").Gzip()), scope.Scratch("out"), scope.Options, Ct));

        Assert.Contains("unsupported entry type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_GzipBombBeyondTheLimit_FailsWithTheLimit()
    {
        using var scope = new StoreScope(maxExtractBytes: 1024 * 1024);
        var bomb = new TarBuilder().File("zeros", new string('\0', 8 * 1024 * 1024)).Gzip();
        Assert.True(bomb.Length < 64 * 1024);

        var error = await Assert.ThrowsAsync<ExtractionException>(() => LayerExtractor.ExtractAsync(new MemoryStream(bomb), scope.Scratch("out"), scope.Options, Ct));

        Assert.Contains("exceeds the limit of 1048576 bytes", error.Message, StringComparison.Ordinal);
        Assert.False(error.Undecodable);
    }

    [Fact]
    public async Task Extract_TooManyEntries_FailsWithTheLimit()
    {
        using var scope = new StoreScope(maxExtractEntries: 10);
        var layer = new TarBuilder();
        for (var i = 0; i < 11; i++)
        {
            layer.File($"f{i}", "x");
        }

        var error = await Assert.ThrowsAsync<ExtractionException>(() => LayerExtractor.ExtractAsync(new MemoryStream(layer.Gzip()), scope.Scratch("out"), scope.Options, Ct));

        Assert.Contains("more than 10 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_NotATar_FailsWithAClearMessage()
    {
        using var scope = new StoreScope();
        var gzipOfText = TarBuilder.Compress("this is not a tar archive, just text that is long enough"u8.ToArray(), s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true));

        var error = await Assert.ThrowsAsync<ExtractionException>(() => LayerExtractor.ExtractAsync(new MemoryStream(gzipOfText), scope.Scratch("out"), scope.Options, Ct));

        Assert.Contains("not a valid tar archive", error.Message, StringComparison.Ordinal);
        Assert.True(error.Undecodable);
    }
}
