namespace OciSource.Runtime.Informer;

/// <summary>
/// Runs an informer nobody else runs (a cache read by reconcilers rather than one feeding a controller) while this
/// replica leads.
/// </summary>
public sealed class InformerRunnable<T>(Informer<T> informer) : IRunnable
    where T : class, k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>
{
    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled; never throws otherwise.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => informer.RunAsync(cancellationToken);
}
