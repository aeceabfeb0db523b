using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Distribution.Client;
using OciSource.Runtime;
using OciSource.Runtime.Controller;
using OciSource.Runtime.Events;
using OciSource.Runtime.Hosting;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Status;
using OciSource.Storage;
using Prometheus;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// Flux's OCIRepository reconcile, step by step: fetch from the cache → deletion (remove the artifacts, then the
/// finalizer) → add the finalizer → suspended? → storage (verify, GC, URLs) → source (credentials, resolve the
/// revision, skip when unchanged, pull the layer) → artifact (copy or extract and archive) → summarize the conditions
/// and patch the status once. Success requeues after <c>spec.interval</c> ± jitter; a stalling error (bad URL) does
/// not requeue; any other error is thrown after the status patch so the queue retries with backoff.
/// </summary>
internal sealed partial class OCIRepositoryReconciler(
    Informer<OCIRepository> informer,
    ObjectPatcher<OCIRepository> patcher,
    SourceCredentials credentials,
    RegistryClientFactory registries,
    ArtifactStore store,
    StoreOptions storeOptions,
    EventRecorder events,
    Histogram durations,
    ReconcilerOptions options,
    TimeProvider time,
    ILogger<OCIRepositoryReconciler> logger) : IReconciler
{
    private const string Kind = "ocirepository";
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(5);

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        if (informer.Get(request) is not { } obj)
        {
            return ReconcileResult.Done;
        }

        var started = time.GetTimestamp();
        var ns = obj.Metadata.NamespaceProperty;
        var name = obj.Metadata.Name;
        try
        {
            if (obj.Metadata.DeletionTimestamp is not null)
            {
                await DeleteAsync(obj, cancellationToken);
                durations.RemoveLabelled(SourceApi.Kind, name, ns);
                return ReconcileResult.Done;
            }

            if (!(obj.Metadata.Finalizers ?? []).Contains(SourceApi.Finalizer))
            {
                obj = await patcher.AddFinalizerAsync(obj, SourceApi.Finalizer, cancellationToken);
            }

            if (obj.Spec.Suspend)
            {
                LogSuspended(logger, ns, name);
                return ReconcileResult.Done;
            }

            return await ReconcileObjectAsync(obj, cancellationToken);
        }
        finally
        {
            if (obj.Metadata.DeletionTimestamp is null)
            {
                durations.WithLabels(SourceApi.Kind, name, ns).Observe(time.GetElapsedTime(started).TotalSeconds);
            }
        }
    }

    private static ArtifactKey KeyOf(OCIRepository obj) => new(Kind, obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    private static V1ObjectReference Reference(OCIRepository obj) => new()
    {
        ApiVersion = obj.ApiVersion,
        Kind = obj.Kind,
        Name = obj.Metadata.Name,
        NamespaceProperty = obj.Metadata.NamespaceProperty,
        Uid = obj.Metadata.Uid,
        ResourceVersion = obj.Metadata.ResourceVersion,
    };

    private async Task<ReconcileResult> ReconcileObjectAsync(OCIRepository original, CancellationToken cancellationToken)
    {
        original = await ReportProgressAsync(original, cancellationToken);
        var working = Clone(original);
        var generation = working.Metadata.Generation ?? 0;
        var status = working.Status ?? new OCIRepositoryStatus();
        var book = new ConditionBook(status.Conditions, generation, time.GetUtcNow());
        var hadFailure = book.IsTrue(ConditionTypes.FetchFailed) || book.IsTrue(ConditionTypes.StorageOperationFailed);
        var previousDigest = status.Artifact?.Digest;
        ReconcileError? error = null;
        try
        {
            status = await ReconcileStorageAsync(working, status, book, cancellationToken);
            status = await ReconcileSourceAsync(working, status, book, cancellationToken);
        }
        catch (ReconcileError e)
        {
            error = e;
        }

        status = Summarize(working, status, book, error, generation);
        working.Status = status;
        try
        {
            await patcher.PatchStatusAsync(original, working, cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            events.Record(Reference(working), "Warning", Reasons.PatchOperationFailed, "Reconcile", $"failed to patch status: {e.Message}");
            throw;
        }

        Notify(working, status, error, hadFailure, previousDigest);
        if (error is null)
        {
            return ReconcileResult.After(IntervalJitter.Apply(DurationOr(working.Spec.Interval, DefaultInterval), options.IntervalJitterPercentage, Random.Shared));
        }

        if (error.Stalling)
        {
            LogStalled(logger, working.Metadata.NamespaceProperty, working.Metadata.Name, error.Reason, error.Message);
            return ReconcileResult.Done;
        }

        throw error;
    }

    /// <summary>
    /// Flux's progressive status: on a new generation, or a new <c>reconcile.fluxcd.io/requestedAt</c>, Reconciling=True
    /// (and Ready=Unknown when Ready is absent or already Unknown) is patched at once, so users see work start before the
    /// fetch finishes. Returns the object as patched (or unchanged).
    /// </summary>
    private async Task<OCIRepository> ReportProgressAsync(OCIRepository original, CancellationToken cancellationToken)
    {
        var status = original.Status ?? new OCIRepositoryStatus();
        var generation = original.Metadata.Generation ?? 0;
        var observed = status.ObservedGeneration ?? -1;
        var requestedAt = RequestedAt(original);
        var newGeneration = observed != generation;
        if (!newGeneration && (requestedAt is null || requestedAt == status.LastHandledReconcileAt))
        {
            return original;
        }

        var book = new ConditionBook(status.Conditions, generation, time.GetUtcNow());
        var message = newGeneration ? $"processing object: new generation {observed} -> {generation}" : "processing object: reconcile requested";
        book.Mark(ConditionTypes.Reconciling, Runtime.Status.Conditions.True, Reasons.Progressing, message);
        if (book.Get(ConditionTypes.Ready) is null or { Status: Runtime.Status.Conditions.Unknown })
        {
            book.Mark(ConditionTypes.Ready, Runtime.Status.Conditions.Unknown, Reasons.Progressing, "reconciliation in progress");
        }

        var progressing = Clone(original);
        progressing.Status = status with { Conditions = book.ToApi() };
        return await patcher.PatchStatusAsync(original, progressing, cancellationToken);
    }

    private static OCIRepository Clone(OCIRepository obj) => KubernetesJson.Deserialize<OCIRepository>(KubernetesJson.Serialize(obj));

    /// <summary>The <c>reconcile.fluxcd.io/requestedAt</c> annotation, or null.</summary>
    private static string? RequestedAt(OCIRepository obj) =>
        obj.Metadata.Annotations?.TryGetValue(SourceApi.ReconcileRequestAnnotation, out var value) == true ? value : null;

    /// <summary><paramref name="value"/> as a Go duration; <paramref name="fallback"/> when it is empty or malformed (the CRD's pattern normally rejects that).</summary>
    private static TimeSpan DurationOr(string? value, TimeSpan fallback)
    {
        try
        {
            return string.IsNullOrEmpty(value) ? fallback : GoDuration.Parse(value);
        }
        catch (FormatException)
        {
            return fallback;
        }
    }

    private void Notify(OCIRepository obj, OCIRepositoryStatus status, ReconcileError? error, bool hadFailure, string? previousDigest)
    {
        var reference = Reference(obj);
        if (error is not null)
        {
            events.Record(reference, "Warning", error.Reason, "Reconcile", error.Message);
            return;
        }

        if (status.Artifact is not { } artifact)
        {
            return;
        }

        var message = $"stored artifact with revision '{artifact.Revision}' from '{obj.Spec.Url}'";
        if (artifact.Metadata is { } annotations &&
            annotations.TryGetValue("org.opencontainers.image.source", out var source) &&
            annotations.TryGetValue("org.opencontainers.image.revision", out var originRevision))
        {
            message += $", origin source '{source}', origin revision '{originRevision}'";
        }

        if (artifact.Digest != previousDigest)
        {
            events.Record(reference, "Normal", Reasons.NewArtifact, "Reconcile", message);
        }
        else if (hadFailure)
        {
            events.Record(reference, "Normal", Reasons.Succeeded, "Reconcile", message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation is suspended for {Namespace}/{Name}")]
    private static partial void LogSuspended(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Namespace}/{Name} is stalled ({Reason}): {Message}")]
    private static partial void LogStalled(ILogger logger, string @namespace, string name, string reason, string message);
}
