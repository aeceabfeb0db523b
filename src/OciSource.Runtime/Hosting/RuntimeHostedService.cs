using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Leader;

namespace OciSource.Runtime.Hosting;

/// <summary>
/// Runs every <see cref="IRunnable"/> (controllers, later the artifact server): at once without leader election,
/// otherwise only while the <see cref="LeaseElector"/> holds the Lease; each time, every <see cref="ILeaderInitializer"/>
/// runs first. Losing leadership stops the application with <see cref="ExitCodes.LeadershipLost"/>; an initializer or
/// runnable failing, a runnable ending on its own, or the election itself failing stop it with <see cref="ExitCodes.Failed"/>.
/// </summary>
internal sealed class RuntimeHostedService(
    IEnumerable<IRunnable> runnables,
    IEnumerable<ILeaderInitializer> initializers,
    RuntimeState state,
    IHostApplicationLifetime lifetime,
    ILogger<RuntimeHostedService> logger,
    LeaseElector? elector = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (elector is null)
            {
                await RunAllAsync(stoppingToken);
                return;
            }

            if (await elector.RunAsync(RunAllAsync, stoppingToken))
            {
                state.MarkLeadershipLost();
                RuntimeLog.StoppingOnLostLeadership(logger);
                lifetime.StopApplication();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            RuntimeLog.RunnableFailed(logger, e, elector is null ? nameof(RuntimeHostedService) : nameof(LeaseElector));
            state.MarkFailed(e);
            lifetime.StopApplication();
        }
    }

    private async Task RunAllAsync(CancellationToken cancellationToken)
    {
        foreach (var initializer in initializers)
        {
            try
            {
                await initializer.InitializeAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                RuntimeLog.RunnableFailed(logger, e, initializer.GetType().Name);
                state.MarkFailed(e);
                lifetime.StopApplication();
                return;
            }
        }

        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = runnables.Select(r => Task.Run(() => GuardAsync(r, stopAll), CancellationToken.None)).ToArray();
        await Task.WhenAll(tasks);
    }

    private async Task GuardAsync(IRunnable runnable, CancellationTokenSource stopAll)
    {
        try
        {
            await runnable.RunAsync(stopAll.Token);
            if (!stopAll.IsCancellationRequested)
            {
                throw new InvalidOperationException($"{runnable.GetType().Name} stopped on its own");
            }
        }
        catch (OperationCanceledException) when (stopAll.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            RuntimeLog.RunnableFailed(logger, e, runnable.GetType().Name);
            state.MarkFailed(e);
            await stopAll.CancelAsync();
            lifetime.StopApplication();
        }
    }
}
