using System.Text;

namespace OciSource.Storage.Tests;

/// <summary>
/// <see cref="ArtifactStore.VerifyAsync"/> acts only inside the object's own directory: a recorded path (status text,
/// which anyone allowed to patch the status controls) that is not the object's own is no artifact, and nothing is
/// deleted for it.
/// </summary>
public sealed class VerifyScopeTests
{
    private static readonly ArtifactKey Victim = new("ocirepository", "tenant-a", "app");
    private static readonly ArtifactKey Patcher = new("ocirepository", "tenant-b", "app");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{0}")]
    [InlineData("ocirepository/tenant-b/app/../../tenant-a/app/{1}")]
    [InlineData("ocirepository/tenant-b/app/{1}/../../../tenant-a/app/{1}")]
    public async Task Verify_PathOutsideTheObjectsDirectory_IsFalseAndDeletesNothing(string pathFormat)
    {
        using var scope = new StoreScope();
        var victim = await scope.Store.StoreFileAsync(Victim, "sha256:v.tar.gz", new MemoryStream(Encoding.UTF8.GetBytes("victim")), Ct);
        var link = Path.Combine(scope.Options.Root, victim.Path);
        var blob = new FileInfo(link).ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        var forged = victim with { Path = string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, victim.Path, "sha256:v.tar.gz"), Digest = "sha256:" + new string('0', 64) };

        Assert.False(await scope.Store.VerifyAsync(Patcher, forged, Ct));

        Assert.True(File.Exists(link));
        Assert.True(File.Exists(blob));
        Assert.True(await scope.Store.VerifyAsync(Victim, victim, Ct));
    }
}
