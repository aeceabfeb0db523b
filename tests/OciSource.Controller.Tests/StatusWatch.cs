using System.Text.Json;
using k8s;
using OciSource.Api;
using OciSource.Api.V1;

namespace OciSource.Controller.Tests;

/// <summary>
/// Records every version of the OCIRepositories in a namespace that a real watch delivers, so a test can assert on
/// the intermediate statuses a controller wrote (which polling may miss).
/// </summary>
internal sealed class StatusWatch : IAsyncDisposable
{
    private readonly List<OCIRepository> _seen = [];
    private readonly CancellationTokenSource _stop;
    private readonly Task _watch;

    private StatusWatch(ControllerHost controller, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _watch = Task.Run(() => WatchAsync(controller, _stop.Token), _stop.Token);
    }

    /// <summary>Starts the watch and gives it a moment to be established before the caller changes anything.</summary>
    public static async Task<StatusWatch> StartAsync(ControllerHost controller, CancellationToken cancellationToken)
    {
        var watch = new StatusWatch(controller, cancellationToken);
        await Task.Delay(300, cancellationToken);
        return watch;
    }

    /// <summary>The versions of <paramref name="name"/> seen so far, oldest first.</summary>
    public IReadOnlyList<OCIRepository> Seen(string name)
    {
        lock (_seen)
        {
            return [.. _seen.Where(o => o.Metadata.Name == name)];
        }
    }

    /// <summary>Waits until the watch has delivered a version of <paramref name="name"/> that satisfies <paramref name="predicate"/>.</summary>
    public async Task WaitSeenAsync(string name, Func<OCIRepository, bool> predicate, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!Seen(name).Any(predicate))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Each condition of <paramref name="type"/> seen on <paramref name="name"/>, as "Status Reason: Message".</summary>
    public IReadOnlyList<string> Conditions(string name, string type) =>
        [.. Seen(name).Select(o => ControllerHost.Condition(o, type)).OfType<k8s.Models.V1Condition>().Select(c => $"{c.Status} {c.Reason}: {c.Message}")];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watch;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task WatchAsync(ControllerHost controller, CancellationToken cancellationToken)
    {
        await foreach (var (_, item) in controller.Client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            SourceApi.Group, OCIRepository.Version, controller.Namespace, SourceApi.Plural, cancellationToken: cancellationToken))
        {
            var obj = KubernetesJson.Deserialize<OCIRepository>(((JsonElement)item).GetRawText());
            lock (_seen)
            {
                _seen.Add(obj);
            }
        }
    }
}
