using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Runtime.Informer;

namespace OciSource.Controller.Tests;

/// <summary>
/// Records every version of the OCIRepositories in a namespace that a real watch delivers, so a test can assert on
/// the intermediate statuses a controller wrote (which polling may miss).
/// </summary>
internal sealed class StatusWatch : IAsyncDisposable
{
    private readonly List<OCIRepository> _seen = [];
    private readonly CancellationTokenSource _stop;
    private Task _watch = Task.CompletedTask;

    private StatusWatch(CancellationToken cancellationToken) => _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

    /// <summary>
    /// Lists the namespace (recording every object as it is now), then watches from the list's resourceVersion: every
    /// change after the list is delivered, however late the watch connects, so the caller may change things at once.
    /// </summary>
    public static async Task<StatusWatch> StartAsync(ControllerHost controller, CancellationToken cancellationToken)
    {
        var source = Source(controller);
        var list = await source.ListAsync(Options(controller), null, cancellationToken);
        var watch = new StatusWatch(cancellationToken);
        foreach (var item in list.Items)
        {
            watch.Record(item);
        }

        var resourceVersion = list.Metadata.ResourceVersion;
        watch._watch = Task.Run(() => watch.WatchAsync(controller, resourceVersion, watch._stop.Token), watch._stop.Token);
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
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Seen(name).Any(predicate))
        {
            if (DateTime.UtcNow > deadline || _watch.IsCompleted)
            {
                throw new Xunit.Sdk.XunitException($"the watch (ended: {_watch.IsCompleted}) delivered no version of {name} that qualifies; saw {Seen(name).Count} versions");
            }

            await Task.Delay(50, cancellationToken);
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

    private async Task WatchAsync(ControllerHost controller, string resourceVersion, CancellationToken cancellationToken)
    {
        await foreach (var (_, item) in Source(controller).WatchAsync(Options(controller), resourceVersion, 3600, _ => { }, cancellationToken))
        {
            Record(item);
        }
    }

    private static CustomObjectListWatcher<OCIRepository> Source(ControllerHost controller) =>
        new(controller.Client, new ResourceType(SourceApi.Group, OCIRepository.Version, SourceApi.Plural, SourceApi.Kind), SourceApiJsonContext.Default.OCIRepository);

    private static InformerOptions Options(ControllerHost controller) => new() { Namespace = controller.Namespace };

    private void Record(OCIRepository obj)
    {
        lock (_seen)
        {
            _seen.Add(obj);
        }
    }
}
