using OciSource.Runtime.Queue;

namespace OciSource.Runtime.Metrics;

/// <summary>client-go's <c>workqueue_*</c> series for one queue.</summary>
internal sealed class WorkQueueMetrics(RuntimeMetrics metrics, string name) : IWorkQueueMetrics
{
    public void Added() => metrics.QueueAdds.WithLabels(name).Inc();

    public void Depth(int depth) => metrics.QueueDepth.WithLabels(name).Set(depth);

    public void Dequeued(TimeSpan waited) => metrics.QueueLatency.WithLabels(name).Observe(waited.TotalSeconds);

    public void Processed(TimeSpan worked) => metrics.WorkDuration.WithLabels(name).Observe(worked.TotalSeconds);

    public void Retried() => metrics.QueueRetries.WithLabels(name).Inc();
}
