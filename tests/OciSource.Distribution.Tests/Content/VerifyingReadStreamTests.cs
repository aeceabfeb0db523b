using OciSource.Distribution.Content;
using OciSource.Distribution.Errors;

namespace OciSource.Distribution.Tests.Content;

public sealed class VerifyingReadStreamTests
{
    private static readonly byte[] Content = "the described content"u8.ToArray();

    [Fact]
    public async Task ReadToEnd_ExactContent_Succeeds()
    {
        await using var stream = Verifying(Content, Digest.Compute(Content), Content.Length);

        Assert.Equal(Content, await ReadAllAsync(stream));
    }

    [Fact]
    public async Task ReadToEnd_Sha512Descriptor_IsVerifiedWithSha512()
    {
        var digest = Digest.Parse("sha512:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(Content)));
        await using var stream = Verifying(Content, digest, Content.Length);

        Assert.Equal(Content, await ReadAllAsync(stream));
    }

    [Fact]
    public async Task ReadToEnd_OneByteChanged_FailsOnTheFinalRead()
    {
        var tampered = Content.ToArray();
        tampered[3] ^= 0x01;
        await using var stream = Verifying(tampered, Digest.Compute(Content), Content.Length);

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => ReadAllAsync(stream));

        Assert.Contains($"expected {Digest.Compute(Content)}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadToEnd_Truncated_FailsWithTheLengths()
    {
        await using var stream = Verifying(Content[..5], Digest.Compute(Content), Content.Length);

        var error = await Assert.ThrowsAsync<DigestMismatchException>(() => ReadAllAsync(stream));

        Assert.Contains($"ended after 5 of {Content.Length} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_MoreThanDeclared_FailsAsSoonAsTheSizeIsPassed()
    {
        await using var stream = Verifying([.. Content, .. Content], Digest.Compute(Content), Content.Length);

        await Assert.ThrowsAsync<DigestMismatchException>(() => ReadAllAsync(stream));
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("SHA256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:000000000000000000000000000000000000000000000000000000000000000G")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha256")]
    public void DigestParse_InvalidDigest_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => Digest.Parse(text));

    private static VerifyingReadStream Verifying(byte[] bytes, Digest digest, long size) =>
        new(new MemoryStream(bytes), digest, size, "test blob");

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 4, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }
}
