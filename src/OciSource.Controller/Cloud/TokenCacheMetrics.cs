using Prometheus;

namespace OciSource.Controller.Cloud;

/// <summary>fluxcd/pkg <c>cache</c>'s metric families with the <c>gotk_token_</c> prefix, names, help and labels as Flux.</summary>
internal sealed class TokenCacheMetrics
{
    public TokenCacheMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        Events = factory.CreateCounter(
            "gotk_token_cache_events_total",
            "Total number of cache retrieval events for a Gitops Toolkit resource reconciliation.",
            ["event_type", "kind", "name", "namespace", "operation"]);
        Items = factory.CreateGauge("gotk_token_cached_items", "Total number of items in the cache.");
        Requests = factory.CreateCounter("gotk_token_cache_requests_total", "Total number of cache requests partioned by success or failure.", ["status"]);
        Evictions = factory.CreateCounter("gotk_token_cache_evictions_total", "Total number of cache evictions.");
    }

    /// <summary><c>event_type</c> <c>cache_hit</c> or <c>cache_miss</c>, then kind, name, namespace, operation.</summary>
    public Counter Events { get; }

    public Gauge Items { get; }

    /// <summary><c>status</c> <c>success</c> or <c>failure</c> (the fetch on a miss failed).</summary>
    public Counter Requests { get; }

    public Counter Evictions { get; }
}
