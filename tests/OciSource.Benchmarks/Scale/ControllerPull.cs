using System.Diagnostics;
using k8s;
using k8s.Models;
using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Benchmarks.Scale;

/// <summary>
/// P5 as the controller does it: one OCIRepository per run in copy mode (<c>layerSelector.operation: copy</c>) on the
/// artifact the pull scenario pushed, timed from just before its create until the benchmark's watch sees it
/// Ready=True — the reconcile's manifest GET, the verified blob download into the store (written, flushed to disk,
/// renamed, linked) and the status write. Each run pulls its own tag (a new layer: a layer the store holds would be
/// linked without a download); each run's object is deleted before the next.
/// </summary>
internal sealed class ControllerPull : IAsyncDisposable
{
    private const string Namespace = "bench-pull";
    private readonly BenchEnvironment _environment;
    private readonly ControllerProcess _controller;
    private readonly ReadinessWatch _watch;

    private ControllerPull(BenchEnvironment environment, ControllerProcess controller, ReadinessWatch watch)
    {
        _environment = environment;
        _controller = controller;
        _watch = watch;
    }

    /// <summary>Starts the controller (store in the environment's work directory) and waits until it leads.</summary>
    public static async Task<ControllerPull> StartAsync(BenchEnvironment environment, ScaleOptions options, CancellationToken cancellationToken)
    {
        var store = Path.Combine(environment.WorkDirectory, "store");
        Directory.CreateDirectory(store);
        var controller = ControllerProcess.Start("controller", environment, store, options);
        await controller.WaitForLeadershipAsync(cancellationToken);
        await controller.WaitForWorkersAsync(cancellationToken);
        return new ControllerPull(environment, controller, await ReadinessWatch.StartAsync(environment.Client, cancellationToken));
    }

    /// <summary>Seconds from the create of run <paramref name="run"/>'s object to its Ready=True.</summary>
    public async Task<double> TimeAsync(int run, string url, string tag, string mediaType, CancellationToken cancellationToken)
    {
        var name = $"pull-{run}";
        var obj = new OCIRepository
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new OCIRepositorySpec
            {
                Url = url,
                Interval = "1h",
                Insecure = true,
                Timeout = "10m",
                Reference = new OCIRepositoryRef { Tag = tag },
                LayerSelector = new OCILayerSelector { MediaType = mediaType, Operation = "copy" },
            },
        };
        var started = Stopwatch.GetTimestamp();
        await _environment.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            obj, SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, cancellationToken: cancellationToken);
        await _watch.WaitForAsync(run + 1, TimeSpan.FromMinutes(10), _controller, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started, _watch.LastReadyAt).TotalSeconds;

        await _environment.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, name, cancellationToken: cancellationToken);
        await Eventually.WaitAsync(async ct => !await ExistsAsync(name, ct), TimeSpan.FromMinutes(1), $"{name} to be deleted", _controller.Tail, cancellationToken);
        return seconds;
    }

    public async ValueTask DisposeAsync()
    {
        await _watch.DisposeAsync();
        await _controller.DisposeAsync();
    }

    private async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _environment.Client.CustomObjects.GetNamespacedCustomObjectAsync(
                SourceApi.Group, OCIRepository.Version, Namespace, SourceApi.Plural, name, cancellationToken: cancellationToken);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
