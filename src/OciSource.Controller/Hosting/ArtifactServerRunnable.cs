using Microsoft.Extensions.Logging;
using OciSource.Runtime;
using OciSource.Storage;

namespace OciSource.Controller.Hosting;

/// <summary>The artifact HTTP server as a runnable: it serves only while this replica leads (Flux's rule).</summary>
internal sealed class ArtifactServerRunnable(string address, ArtifactServerOptions options, ArtifactStore store, ILogger<ArtifactServerRunnable> logger) : IRunnable
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var server = await ArtifactServer.StartAsync(address, store, options, logger, cancellationToken);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
