using OciSource.Runtime.Queue;
using Prometheus;

namespace OciSource.Runtime.Metrics;

/// <summary>
/// The controller-runtime metric families (same names and labels as controller-runtime and client-go's workqueue),
/// registered in one <see cref="CollectorRegistry"/> that <c>/metrics</c> serves.
/// </summary>
public sealed class RuntimeMetrics
{
    private static readonly double[] ReconcileBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
         1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];

    // client-go: prometheus.ExponentialBuckets(10e-9, 10, 12).
    private static readonly double[] QueueBuckets = Histogram.ExponentialBuckets(1e-8, 10, 12);

    public RuntimeMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        string[] controller = ["controller"];
        string[] name = ["name"];
        ReconcileTotal = factory.CreateCounter("controller_runtime_reconcile_total", "Total number of reconciliations per controller", ["controller", "result"]);
        ReconcileErrors = factory.CreateCounter("controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller", controller);
        ReconcilePanics = factory.CreateCounter("controller_runtime_reconcile_panics_total", "Total number of reconciliation panics per controller", controller);
        ReconcileTime = factory.CreateHistogram("controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller", new HistogramConfiguration { LabelNames = controller, Buckets = ReconcileBuckets });
        MaxConcurrentReconciles = factory.CreateGauge("controller_runtime_max_concurrent_reconciles", "Maximum number of concurrent reconciles per controller", controller);
        ActiveWorkers = factory.CreateGauge("controller_runtime_active_workers", "Number of currently used workers per controller", controller);
        QueueDepth = factory.CreateGauge("workqueue_depth", "Current depth of workqueue", name);
        QueueAdds = factory.CreateCounter("workqueue_adds_total", "Total number of adds handled by workqueue", name);
        QueueRetries = factory.CreateCounter("workqueue_retries_total", "Total number of retries handled by workqueue", name);
        QueueLatency = factory.CreateHistogram("workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested", new HistogramConfiguration { LabelNames = name, Buckets = QueueBuckets });
        WorkDuration = factory.CreateHistogram("workqueue_work_duration_seconds", "How long in seconds processing an item from workqueue takes", new HistogramConfiguration { LabelNames = name, Buckets = QueueBuckets });
        LeaderStatus = factory.CreateGauge("leader_election_master_status", "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease.", name);
        ClientRequests = factory.CreateCounter("rest_client_requests_total", "Number of HTTP requests, partitioned by status code, method, and host.", ["code", "host", "method"]);
        ClientRateLimiterWait = factory.CreateCounter("ocisource_rest_client_rate_limiter_wait_seconds_total", "Seconds requests to the API server waited for the client-side rate limit (--kube-api-qps/--kube-api-burst)");
        EventsDropped = factory.CreateCounter("ocisource_events_dropped_total", "Kubernetes events dropped because the recorder's buffer was full or the write failed", ["reason"]);
        EventsForwardDropped = factory.CreateCounter(
            "ocisource_events_forward_dropped_total",
            "Events not delivered to the notification receiver (--events-addr): buffer full, POST failed after its retries, or stopped",
            ["reason"]);
    }

    /// <summary>A registry of its own (tests and every host get one; nothing is process-global).</summary>
    public static RuntimeMetrics CreateIsolated() => new(Prometheus.Metrics.NewCustomRegistry());

    public CollectorRegistry Registry { get; }

    internal Counter ReconcileTotal { get; }

    internal Counter ReconcileErrors { get; }

    internal Counter ReconcilePanics { get; }

    internal Histogram ReconcileTime { get; }

    internal Gauge MaxConcurrentReconciles { get; }

    internal Gauge ActiveWorkers { get; }

    internal Gauge QueueDepth { get; }

    internal Counter QueueAdds { get; }

    internal Counter QueueRetries { get; }

    internal Histogram QueueLatency { get; }

    internal Histogram WorkDuration { get; }

    internal Gauge LeaderStatus { get; }

    internal Counter EventsDropped { get; }

    internal Counter EventsForwardDropped { get; }

    internal Counter ClientRequests { get; }

    internal Counter ClientRateLimiterWait { get; }

    /// <summary>The queue metrics of one controller (label <c>name="<paramref name="controller"/>"</c>).</summary>
    public IWorkQueueMetrics ForQueue(string controller) => new WorkQueueMetrics(this, controller);
}
