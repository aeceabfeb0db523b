namespace OciSource.Storage.Tests;

/// <summary>
/// Known answers from independent sources: the SHA vectors of "abc" as Python's hashlib computes them (FIPS 180
/// examples), BLAKE3 from the official BLAKE3-team/BLAKE3 test_vectors.json (input: bytes 0..250 repeating; the default
/// hash is the first 32 bytes of the extended output).
/// </summary>
public sealed class DigestAlgorithmTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Abc => new()
    {
        { "sha256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
        { "sha384", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7" },
        { "sha512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
        { "sha1", "a9993e364706816aba3e25717850c26c9cd0d89d" },
    };

    [Theory]
    [MemberData(nameof(Abc))]
    public async Task Sha_Abc_IsTheKnownAnswer(string name, string expected)
    {
        var algorithm = DigestAlgorithm.FromName(name)!;

        Assert.Equal(expected, await algorithm.HashHexAsync(new MemoryStream("abc"u8.ToArray()), Ct));
        Assert.Equal(expected, algorithm.HashHex(new MemoryStream("abc"u8.ToArray())));
        Assert.Equal(expected.Length, algorithm.HexLength);
    }

    [Theory]
    [InlineData(0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")]
    [InlineData(1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444")]
    [InlineData(3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3")]
    public async Task Blake3_OfficialTestVectors_AreTheKnownAnswer(int length, string expected)
    {
        var input = Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray();

        Assert.Equal(expected, await DigestAlgorithm.Blake3.HashHexAsync(new MemoryStream(input), Ct));
    }

    [Theory]
    [InlineData("sha512:abc", "sha512")]
    [InlineData("blake3:abc", "blake3")]
    [InlineData("md5:abc", null)]
    [InlineData("sha256", null)]
    [InlineData(":abc", null)]
    public void FromDigest_NamesTheAlgorithmBeforeTheColon(string digest, string? expected)
    {
        Assert.Equal(expected, DigestAlgorithm.FromDigest(digest)?.Name);
    }
}
