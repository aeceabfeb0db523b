namespace OciSource.Testing.Processes;

/// <summary>Counts output lines that contain a text until enough were seen (for <see cref="ManagedProcess.WaitForLineAsync"/>).</summary>
internal sealed class LineWaiter(string text, int occurrences)
{
    public int Remaining { get; private set; } = occurrences;

    public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Counts <paramref name="line"/> when it contains the text; completes <see cref="Seen"/> at the last one needed.</summary>
    public void Offer(string line)
    {
        if (Remaining > 0 && line.Contains(text, StringComparison.Ordinal) && --Remaining == 0)
        {
            Seen.TrySetResult();
        }
    }
}
