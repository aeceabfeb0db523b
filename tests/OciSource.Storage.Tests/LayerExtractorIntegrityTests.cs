using System.IO.Compression;
using System.Text;

namespace OciSource.Storage.Tests;

/// <summary>
/// Issue 13, points 6 and 11 where the layer is parsed: the layer stream is read to its very end (so a verifying
/// stream checks the digest before anything is committed), and headers the tar reader rejects with exceptions other
/// than <see cref="InvalidDataException"/> are still reported as an undecodable layer.
/// </summary>
public sealed class LayerExtractorIntegrityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Extract_LayerWithBytesAfterTheTarEnd_ReadsTheStreamToItsEnd()
    {
        using var scope = new StoreScope();
        var layer = new TarBuilder().File("a.yaml", "x").Gzip();
        var stream = new EndObservingStream([.. layer, .. new byte[64 * 1024]]);

        await LayerExtractor.ExtractAsync(stream, scope.Scratch("out"), scope.Options, Ct);

        Assert.True(stream.ReachedEnd);
    }

    [Theory]
    [InlineData("77777777777\0")]
    [InlineData("\u0080\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff")]
    public async Task Extract_HeaderSizeTheTarReaderRejects_IsAnUndecodableLayer(string sizeField)
    {
        using var scope = new StoreScope();
        var tar = new TarBuilder().File("a.yaml", "x").Tar();
        Encoding.Latin1.GetBytes(sizeField).CopyTo(tar, 124); // the first header's size field (a PAX extended header)
        FixChecksum(tar);
        var layer = TarBuilder.Compress(tar, s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true));

        var error = await Assert.ThrowsAsync<ExtractionException>(
            () => LayerExtractor.ExtractAsync(new MemoryStream(layer), scope.Scratch("out"), scope.Options, Ct));

        Assert.True(error.Undecodable);
        Assert.StartsWith("the layer is not a valid tar archive", error.Message, StringComparison.Ordinal);
    }

    private static void FixChecksum(byte[] tar)
    {
        var sum = 0;
        for (var i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : tar[i];
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, 148);
    }

    /// <summary>A read-only stream over bytes that records whether a read returned the end.</summary>
    private sealed class EndObservingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public bool ReachedEnd { get; private set; }

        public override int Read(Span<byte> buffer) => Observe(base.Read(buffer), buffer.Length);

        public override int Read(byte[] buffer, int offset, int count) => Observe(base.Read(buffer, offset, count), count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        private int Observe(int read, int asked)
        {
            ReachedEnd |= read == 0 && asked > 0;
            return read;
        }
    }
}
