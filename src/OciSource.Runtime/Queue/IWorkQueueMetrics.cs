namespace OciSource.Runtime.Queue;

/// <summary>What a <see cref="WorkQueue{T}"/> reports (client-go's workqueue metrics provider). Calls never throw.</summary>
public interface IWorkQueueMetrics
{
    /// <summary>An item entered the queue (a new add, not a duplicate).</summary>
    void Added();

    /// <summary>The number of items waiting to be processed changed.</summary>
    void Depth(int depth);

    /// <summary>An item was handed to a worker after waiting <paramref name="waited"/> in the queue.</summary>
    void Dequeued(TimeSpan waited);

    /// <summary>A worker finished an item it held for <paramref name="worked"/>.</summary>
    void Processed(TimeSpan worked);

    /// <summary>An item was re-added through the rate limiter.</summary>
    void Retried();
}
