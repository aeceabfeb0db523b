namespace OciSource.Api;

/// <summary>Names of the <c>source.toolkit.fluxcd.io</c> API that OciSource serves.</summary>
public static class SourceApi
{
    public const string Group = "source.toolkit.fluxcd.io";
    public const string Kind = "OCIRepository";
    public const string Plural = "ocirepositories";

    /// <summary>The finalizer Flux's source-controller puts on sources.</summary>
    public const string Finalizer = "finalizers.fluxcd.io";

    /// <summary>Annotation whose new value requests a reconcile (<c>flux reconcile</c>, notification Receivers).</summary>
    public const string ReconcileRequestAnnotation = "reconcile.fluxcd.io/requestedAt";

    /// <summary>The layer media type of a Helm chart pushed with <c>helm push</c>.</summary>
    public const string HelmChartLayerMediaType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
}
