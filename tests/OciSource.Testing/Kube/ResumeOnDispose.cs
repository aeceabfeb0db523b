using OciSource.Testing.Processes;

namespace OciSource.Testing.Kube;

/// <summary>Sends SIGCONT to one stopped process (by its id) when disposed, then awaits <paramref name="resumed"/>.</summary>
internal sealed class ResumeOnDispose(string pid, Func<Task> resumed) : IAsyncDisposable
{
    private int _resumed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _resumed, 1) == 0)
        {
            await ProcessRunner.RunAsync("kill", ["-CONT", pid], TimeSpan.FromSeconds(30), CancellationToken.None);
            await resumed();
        }
    }
}
