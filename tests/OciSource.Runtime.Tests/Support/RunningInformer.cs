using OciSource.Runtime.Informer;

namespace OciSource.Runtime.Tests.Support;

/// <summary>An informer with a <see cref="RecordingHandler"/>, running until disposed.</summary>
public sealed class RunningInformer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public RunningInformer(k8s.IKubernetes client, InformerOptions options)
    {
        Informer = new Informer<TestOciRepository>(
            client, TestOciRepository.Resource, TestOciRepository.Json, options with { MinReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(1) },
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Informer.AddHandler(Handler);
        _run = Informer.RunAsync(_stop.Token);
    }

    public Informer<TestOciRepository> Informer { get; }

    public RecordingHandler Handler { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
