using OciSource.Testing;
using OciSource.Testing.Processes;

namespace OciSource.Image.Tests;

/// <summary>
/// Builds the container image once for the test class with <c>eng/image.sh</c> (which installs and starts a Docker
/// engine when needed, makes the local base images and runs <c>docker build</c>). A failing build fails the tests with
/// the script's output; it is never a skip.
/// </summary>
public sealed class ImageFixture : IAsyncLifetime
{
    /// <summary>A cold build makes the base images with debootstrap and restores packages; cached builds take seconds.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);

    /// <summary>The image name eng/image.sh printed on its last line.</summary>
    public string Image { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        // This process's environment, not Tools' private HOME: the script keeps its cache under the user's HOME and
        // copies the user's NuGet configuration into the SDK image.
        var script = Path.Combine(TestEnvironment.RepositoryRoot, "eng", "image.sh");
        var result = await ProcessRunner.RunAsync("bash", [script], BuildTimeout, TestContext.Current.CancellationToken);
        Image = result.StandardOutput.TrimEnd().Split('\n')[^1];
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
