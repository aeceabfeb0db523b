using Microsoft.Extensions.Logging;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Controller.Verification;
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
/// finalizer) → add the finalizer → suspended? (then only observedGeneration and lastHandledReconcileAt are written,
/// as Flux) → storage (verify, GC, URLs) → source (credentials, resolve the
/// revision, skip when unchanged, pull the layer) → artifact (copy or extract and archive) → summarize the conditions
/// and patch the status once. Success requeues after <c>spec.interval</c> ± jitter; a stalling error (bad URL) does
/// not requeue; any other error is thrown after the status patch so the queue retries with backoff.
/// </summary>
internal sealed partial class OCIRepositoryReconciler(
    Informer<OCIRepository> informer,
    ObjectPatcher<OCIRepository> patcher,
    SourceCredentials credentials,
    SourceSignatureVerifier verifier,
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
                await WriteSuspendedStatusAsync(obj, cancellationToken);
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

    private async Task<ReconcileResult> ReconcileObjectAsync(OCIRepository fetched, CancellationToken cancellationToken)
    {
        await using var writer = new StatusWriter(patcher, fetched, options.ProgressStatusDelay, time);
        ReconcileError? error = null;
        var obj = StatusWriter.Clone(fetched);
        var generation = obj.Metadata.Generation ?? 0;
        var status = obj.Status ?? new OCIRepositoryStatus();
        var book = new ConditionBook(status.Conditions, generation, time.GetUtcNow());
        var hadFailure = book.IsTrue(ConditionTypes.FetchFailed) || book.IsTrue(ConditionTypes.StorageOperationFailed);
        var previousDigest = status.Artifact?.Digest;
        try
        {
            await ReportProgressAsync(obj, status, book, writer, cancellationToken);

            // Flux: a storage failure is never carried over; the step that fails again sets it again.
            book.Delete(ConditionTypes.StorageOperationFailed);
            try
            {
                status = await ReconcileStorageAsync(obj, status, book, writer, cancellationToken);
                status = await ReconcileSourceAsync(obj, status, book, writer, cancellationToken);
            }
            catch (ReconcileError e)
            {
                error = e;
            }

            status = Summarize(obj, status, book, error, generation);
            await writer.WriteAsync(status, cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            events.Record(fetched, EventType.Warning, Reasons.PatchOperationFailed, "Reconcile", $"failed to patch status: {e.Message}");
            throw;
        }

        Notify(obj, status, error, hadFailure, previousDigest);
        if (error is null)
        {
            return ReconcileResult.After(IntervalJitter.Apply(DurationOr(obj.Spec.Interval, DefaultInterval), options.IntervalJitterPercentage, Random.Shared));
        }

        if (error.Stalling)
        {
            LogStalled(logger, obj.Metadata.NamespaceProperty, obj.Metadata.Name, error.Reason, error.Message);
            return ReconcileResult.Done;
        }

        throw error;
    }

    /// <summary>
    /// Flux's progressive status at the start: every reconcile begins as Reconciling=True "reconciliation in progress"
    /// (and Ready=Unknown when Ready is absent or already Unknown) in <paramref name="book"/>, which success removes
    /// again and an error keeps (as ProgressingWithRetry). On a new generation the message is "processing object: new
    /// generation …"; on a new generation or a new <c>reconcile.fluxcd.io/requestedAt</c> it is written as progress,
    /// so users see work start before the fetch finishes.
    /// </summary>
    private static async Task ReportProgressAsync(OCIRepository obj, OCIRepositoryStatus status, ConditionBook book, StatusWriter writer, CancellationToken cancellationToken)
    {
        var generation = obj.Metadata.Generation ?? 0;
        var observed = status.ObservedGeneration ?? -1;
        book.MarkProgress("reconciliation in progress", drift: false);
        if (observed != generation)
        {
            book.MarkProgress($"processing object: new generation {observed} -> {generation}", drift: false);
        }
        else if ((RequestedAt(obj) ?? string.Empty) == (status.LastHandledReconcileAt ?? string.Empty))
        {
            return;
        }

        await writer.WriteProgressAsync(status with { Conditions = book.ToApi() }, cancellationToken);
    }

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
        if (error is not null)
        {
            events.Record(obj, EventType.Warning, error.Reason, "Reconcile", error.Message);
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
            events.Record(obj, EventType.Normal, Reasons.NewArtifact, "Reconcile", message, ArtifactEventAnnotations(artifact));
        }
        else if (hadFailure)
        {
            events.Record(obj, EventType.Normal, Reasons.Succeeded, "Reconcile", message, ArtifactEventAnnotations(artifact));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation is suspended for {Namespace}/{Name}")]
    private static partial void LogSuspended(ILogger logger, string @namespace, string name);

    /// <summary>Logged with Flux's Trace event <c>ArtifactUpToDate</c>.</summary>
    [LoggerMessage(Level = LogLevel.Trace, Message = "{Namespace}/{Name}: artifact up-to-date with remote revision: '{Revision}'")]
    private static partial void LogArtifactUpToDate(ILogger logger, string @namespace, string name, string revision);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Namespace}/{Name} is stalled ({Reason}): {Message}")]
    private static partial void LogStalled(ILogger logger, string @namespace, string name, string reason, string message);
}
