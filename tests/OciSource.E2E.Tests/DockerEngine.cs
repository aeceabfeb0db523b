using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;

namespace OciSource.E2E.Tests;

/// <summary>The Docker engine Testcontainers uses (DOCKER_HOST, the default socket, ...), for the checks and image moves the tests need.</summary>
internal sealed class DockerEngine : IDisposable
{
    private const string DefaultSocket = "unix:///var/run/docker.sock";
    private static readonly TimeSpan PullTimeout = TimeSpan.FromMinutes(5);
    private readonly DockerClient _client;

    private DockerEngine(Uri endpoint, DockerClient client)
    {
        Endpoint = endpoint;
        _client = client;
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// The engine Testcontainers uses; null when it found none it can use, with the reason: no engine answers at
    /// <c>DOCKER_HOST</c> (else the default socket), or one answers that Testcontainers rejected (e.g. an API older
    /// than its client needs).
    /// </summary>
    public static async Task<(DockerEngine? Engine, string? Reason)> FindAsync(CancellationToken cancellationToken)
    {
        var configuration = TestcontainersSettings.OS.DockerEndpointAuthConfig;
        return configuration is null
            ? (null, await WhyUnusableAsync(cancellationToken))
            : (new DockerEngine(configuration.Endpoint, configuration.GetDockerClientBuilder(Guid.NewGuid()).Build()), null);
    }

    /// <summary>
    /// Null when <paramref name="image"/> is in the engine or the engine pulled it now; otherwise why it cannot be had
    /// (the engine does not answer, or the pull failed or took longer than five minutes).
    /// </summary>
    public async Task<string?> WhyImageIsUnavailableAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await _client.System.PingAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or DockerApiException or TimeoutException)
        {
            return $"the Docker engine at {Endpoint} does not answer: {e.Message}";
        }

        try
        {
            await _client.Images.InspectImageAsync(image, cancellationToken);
            return null;
        }
        catch (DockerImageNotFoundException)
        {
        }

        var separator = image.LastIndexOf(':');
        var errors = new PullErrors();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(PullTimeout);
        try
        {
            await _client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = image[..separator], Tag = image[(separator + 1)..] }, null, errors, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the Docker engine at {Endpoint} did not pull {image} within {PullTimeout.TotalMinutes} minutes";
        }
        catch (DockerApiException e)
        {
            return $"the Docker engine at {Endpoint} cannot pull {image}: {e.Message}";
        }

        return errors.First is null ? null : $"the Docker engine at {Endpoint} cannot pull {image}: {errors.First}";
    }

    /// <summary>Writes <paramref name="image"/> as a <c>docker save</c> tar archive to <paramref name="path"/>.</summary>
    /// <exception cref="DockerImageNotFoundException">The engine does not have the image.</exception>
    public async Task SaveAsync(string image, string path, CancellationToken cancellationToken)
    {
        await using var archive = await _client.Images.SaveImageAsync(image, cancellationToken);
        await using var file = File.Create(path);
        await archive.CopyToAsync(file, cancellationToken);
    }

    public void Dispose() => _client.Dispose();

    private static async Task<string> WhyUnusableAsync(CancellationToken cancellationToken)
    {
        var endpoint = new Uri(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : DefaultSocket);
        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.AbsolutePath))
        {
            return $"no Docker engine at {endpoint}";
        }

        try
        {
            using var client = new DockerClientBuilder().WithEndpoint(endpoint).Build();
            var version = await client.System.GetVersionAsync(cancellationToken);
            return $"the Docker engine at {endpoint} (Docker {version.Version}, API {version.APIVersion}) answers, but Testcontainers rejected it (its client needs a newer Docker API)";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or DockerApiException or TimeoutException)
        {
            return $"the Docker engine at {endpoint} does not answer: {e.Message}";
        }
    }
}
