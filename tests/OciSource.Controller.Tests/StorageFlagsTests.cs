using OciSource.Controller.Hosting;
using OciSource.Runtime.Hosting;

namespace OciSource.Controller.Tests;

/// <summary><c>--artifact-max-size</c>: bytes a copied layer may declare; 1 GiB by default, <c>0</c> unlimited, anything else refused.</summary>
public sealed class StorageFlagsTests
{
    [Theory]
    [InlineData(null, 1L << 30)]
    [InlineData("0", 0L)]
    [InlineData("5368709120", 5L << 30)]
    public void ArtifactMaxSize_IsParsedIntoTheStoreOptions(string? value, long expected)
    {
        var flags = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["artifact-max-size"] = value };

        Assert.Equal(expected, StorageFlags.FromFlags(flags, _ => null).Store.MaxArtifactBytes);
        Assert.Contains("artifact-max-size", StorageFlags.Names);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1GiB")]
    public void ArtifactMaxSize_NotAByteCount_IsAFlagError(string value)
    {
        var error = Assert.Throws<FlagException>(() => StorageFlags.FromFlags(new Dictionary<string, string> { ["artifact-max-size"] = value }, _ => null));

        Assert.StartsWith("invalid storage flag: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "sha256")]
    [InlineData("sha256", "sha256")]
    [InlineData("sha384", "sha384")]
    [InlineData("sha512", "sha512")]
    [InlineData("blake3", "blake3")]
    [InlineData("sha1", "sha1")]
    public void ArtifactDigestAlgo_FluxAlgorithms_AreTheStoreDigestAlgorithm(string? value, string expected)
    {
        var flags = value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["artifact-digest-algo"] = value };

        Assert.Equal(expected, StorageFlags.FromFlags(flags, _ => null).Store.DigestAlgorithm.Name);
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("SHA256")]
    [InlineData("")]
    public void ArtifactDigestAlgo_Unknown_IsAFlagErrorAsFlux(string value)
    {
        var error = Assert.Throws<FlagException>(() => StorageFlags.FromFlags(new Dictionary<string, string> { ["artifact-digest-algo"] = value }, _ => null));

        Assert.Equal($"unable to configure canonical digest algorithm: unsupported digest algorithm: {value}", error.Message);
    }
}
