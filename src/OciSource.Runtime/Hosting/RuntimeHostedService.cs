using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Leader;

namespace OciSource.Runtime.Hosting;

/// <summary>
/// Runs every <see cref="IRunnable"/> (controllers, later the artifact server): at once without leader election,
/// otherwise only while the <see cref="LeaseElector"/> holds the Lease. Losing leadership, or a runnable failing or
/// ending on its own, stops the application with <see cref="RuntimeState.ExitCode"/> 1.
/// </summary>
internal sealed class RuntimeHostedService(
    IEnumerable<IRunnable> runnables, RuntimeState state, IHostApplicationLifetime lifetime, ILogger<RuntimeHostedService> logger, LeaseElector? elector = null)
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
    }

    private async Task RunAllAsync(CancellationToken cancellationToken)
    {
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
