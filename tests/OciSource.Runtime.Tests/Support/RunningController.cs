using OciSource.Runtime.Controller;
using OciSource.Runtime.Informer;

namespace OciSource.Runtime.Tests.Support;

/// <summary>A controller running until disposed; disposing stops it and waits for its workers.</summary>
public sealed class RunningController : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public RunningController(Informer<TestOciRepository> informer, Controller<TestOciRepository> controller)
    {
        Informer = informer;
        Controller = controller;
        _run = controller.RunAsync(_stop.Token);
    }

    public Informer<TestOciRepository> Informer { get; }

    public Controller<TestOciRepository> Controller { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
