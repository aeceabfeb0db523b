using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Images;
using OciSource.Testing;

namespace OciSource.E2E.Tests;

/// <summary>The controller image built from the repository's Dockerfile by the Docker engine (classic builder, <c>.dockerignore</c> honoured).</summary>
internal static class ControllerImage
{
    /// <summary>Builds the image with a fresh <c>oci-source-controller:e2e-…</c> name; disposing it removes the image.</summary>
    public static async Task<IFutureDockerImage> BuildAsync(CancellationToken cancellationToken)
    {
        var image = new ImageFromDockerfileBuilder()
            .WithDockerfileDirectory(TestEnvironment.RepositoryRoot)
            .WithDockerfile("Dockerfile")
            .WithName($"oci-source-controller:e2e-{Guid.NewGuid():N}")
            .Build();
        await image.CreateAsync(cancellationToken);
        return image;
    }
}
