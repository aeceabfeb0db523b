namespace OciSource.Runtime.Informer;

/// <summary>What an <see cref="Informer{T}"/> lists and watches.</summary>
public sealed record InformerOptions
{
    /// <summary>Only this namespace (Flux's <c>--watch-all-namespaces=false</c>); null watches all namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>A label selector (Flux's <c>--watch-label-selector</c>); null or empty selects everything.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Objects per list page (client-go: 500).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Server-side watch timeout; each watch asks for a random value between this and twice this (client-go: 5 min).
    /// A watch that times out is resumed from the last resourceVersion seen, without a relist.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First reconnect delay after a failed list or watch; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Longest reconnect delay (client-go: 30 s).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);
}
