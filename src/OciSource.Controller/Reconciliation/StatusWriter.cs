using System.Text.Json;
using OciSource.Api;
using OciSource.Api.V1;
using OciSource.Runtime.Status;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// Writes one object's status during a reconcile: progress on the way (Flux's immediate patches on a new generation,
/// on drift, on a missing artifact) and the summary at the end. Each write sends only the difference from what was
/// last written; nothing is sent when nothing changed.
/// </summary>
/// <remarks>
/// Progress is held back for <c>progressDelay</c> from the writer's creation: a reconcile that ends sooner sends only
/// its final status (one request instead of Flux's up to four); one that takes longer shows its latest progress when
/// the delay has passed and every later progress at once. <see cref="TimeSpan.Zero"/> writes every progress at once,
/// as Flux. Writes never overlap, and none is sent after the final status or after <see cref="DisposeAsync"/>.
/// </remarks>
internal sealed class StatusWriter(ObjectPatcher<OCIRepository> patcher, OCIRepository written, TimeSpan progressDelay, TimeProvider time)
    : IAsyncDisposable
{
    private static SourceApiJsonContext Json => SourceApiJsonContext.Default;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly long _created = time.GetTimestamp();
    private OCIRepositoryStatus? _heldProgress;
    private Task? _heldWrite;
    private bool _closed;

    /// <summary>The object as the API server last returned it (or as fetched, before any write).</summary>
    public OCIRepository Written { get; private set; } = written;

    /// <summary>
    /// Progress: written now once the delay has passed, else held and written when it passes unless the final status
    /// is written first. A held write that fails is dropped: the final write carries the same conditions and reports its
    /// own failure.
    /// </summary>
    /// <exception cref="k8s.Autorest.HttpOperationException">A write sent now failed (see <see cref="ObjectPatcher{T}.PatchStatusAsync"/>).</exception>
    public async Task WriteProgressAsync(OCIRepositoryStatus status, CancellationToken cancellationToken)
    {
        var remaining = progressDelay - time.GetElapsedTime(_created);
        if (remaining <= TimeSpan.Zero)
        {
            await WriteExclusiveAsync(() => status, final: false, cancellationToken);
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        _heldProgress = status;
        _gate.Release();
        _heldWrite ??= WriteHeldProgressAsync(remaining, cancellationToken);
    }

    /// <summary>The final status of the reconcile: any held progress is dropped, later progress is not written.</summary>
    /// <exception cref="k8s.Autorest.HttpOperationException">The patch failed (see <see cref="ObjectPatcher{T}.PatchStatusAsync"/>).</exception>
    public async Task WriteAsync(OCIRepositoryStatus status, CancellationToken cancellationToken)
    {
        await _closing.CancelAsync();
        await WriteExclusiveAsync(() => status, final: true, cancellationToken);
    }

    /// <summary>Drops held progress and waits for a held write in flight, so nothing is written after the reconcile.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        _closed = true;
        _gate.Release();
        await _closing.CancelAsync();
        if (_heldWrite is { } held)
        {
            await held;
        }

        _closing.Dispose();
        _gate.Dispose();
    }

    /// <summary>A deep copy, so a reconcile never alters the informer cache's instance.</summary>
    public static OCIRepository Clone(OCIRepository obj) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(obj, Json.OCIRepository), Json.OCIRepository)!;

    private async Task WriteHeldProgressAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
            await Task.Delay(delay, time, linked.Token);
            await WriteExclusiveAsync(() => _heldProgress, final: false, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or k8s.Autorest.HttpOperationException)
        {
            // Cancelled: the final status (or the end of the reconcile) came first. Failed: see WriteProgressAsync.
        }
    }

    /// <summary>Writes what <paramref name="take"/> returns (nothing when null) unless closed; held progress older than it is dropped.</summary>
    private async Task WriteExclusiveAsync(Func<OCIRepositoryStatus?> take, bool final, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var status = take();
            _heldProgress = null;
            if (_closed || status is null)
            {
                return;
            }

            _closed = final;
            if (Written.Status is { } written && JsonSerializer.SerializeToUtf8Bytes(status, Json.OCIRepositoryStatus).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(written, Json.OCIRepositoryStatus)))
            {
                return; // the common no-op reconcile: nothing to send, and no copy of the object to diff
            }

            var modified = Clone(Written);
            modified.Status = status;
            Written = await patcher.PatchStatusAsync(Written, modified, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
