using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Informer;
using OciSource.Runtime.Metrics;
using OciSource.Runtime.Queue;

namespace OciSource.Runtime.Controller;

/// <summary>
/// controller-runtime's controller: the informer feeds object keys (filtered by the update predicate) into a
/// rate-limited work queue; <see cref="ControllerOptions.Concurrency"/> workers take keys and call the reconciler.
/// Success forgets the key's backoff (and re-adds it after the requested delay); an exception re-adds it with backoff.
/// One key is never reconciled by two workers at once.
/// </summary>
public sealed class Controller<T> : IRunnable where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Informer<T> _informer;
    private readonly IReconciler _reconciler;
    private readonly ControllerOptions _options;
    private readonly RuntimeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="updateFilter">Which updates enqueue; default <see cref="ReconcilePredicates.GenerationChangedOrReconcileRequested{T}"/>.</param>
    public Controller(
        Informer<T> informer,
        IReconciler reconciler,
        ControllerOptions options,
        RuntimeMetrics metrics,
        TimeProvider time,
        ILogger logger,
        Func<T, T, bool>? updateFilter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Concurrency);
        _informer = informer;
        _reconciler = reconciler;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        Queue = new WorkQueue<ReconcileRequest>(
            new RetryRateLimiter<ReconcileRequest>(options.MinRetryDelay, options.MaxRetryDelay, time), time, metrics.ForQueue(options.Name));
        informer.AddHandler(new EnqueueHandler<T>(Queue, updateFilter ?? ReconcilePredicates.GenerationChangedOrReconcileRequested));
    }

    /// <summary>The controller's queue (for tests and for enqueueing from other sources).</summary>
    public WorkQueue<ReconcileRequest> Queue { get; }

    /// <summary>
    /// Runs the informer, waits for its first list, then runs the workers until <paramref name="cancellationToken"/>
    /// is cancelled. Stopping shuts the queue down, cancels reconciles in flight and waits for every worker.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informer = _informer.RunAsync(cancellationToken);
        try
        {
            await _informer.ReadyAsync(cancellationToken);
            _metrics.MaxConcurrentReconciles.WithLabels(_options.Name).Set(_options.Concurrency);
            RuntimeLog.StartingWorkers(_logger, _options.Name, _options.Concurrency);
            var workers = Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None)).ToArray();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            Queue.ShutDown();
            await Task.WhenAll(workers);
            RuntimeLog.WorkersFinished(_logger, _options.Name);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Queue.ShutDown();
            await informer;
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (await Queue.GetAsync(CancellationToken.None) is { } request)
        {
            try
            {
                await ReconcileAsync(request, cancellationToken);
            }
            finally
            {
                Queue.Done(request);
            }
        }
    }

    private async Task ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        var name = _options.Name;
        var active = _metrics.ActiveWorkers.WithLabels(name);
        active.Inc();
        var started = _time.GetTimestamp();
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["controller"] = name,
            ["namespace"] = request.Namespace,
            ["name"] = request.Name,
        });
        try
        {
            var result = await _reconciler.ReconcileAsync(request, cancellationToken);
            Queue.Forget(request);
            if (result.RequeueAfter > TimeSpan.Zero)
            {
                Queue.AddAfter(request, result.RequeueAfter);
                _metrics.ReconcileTotal.WithLabels(name, "requeue_after").Inc();
            }
            else
            {
                _metrics.ReconcileTotal.WithLabels(name, "success").Inc();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the next leader reconciles the object from scratch.
        }
        catch (Exception e)
        {
            if (IsPanic(e))
            {
                _metrics.ReconcilePanics.WithLabels(name).Inc();
                RuntimeLog.ReconcilePanicked(_logger, e);
            }
            else
            {
                RuntimeLog.ReconcileFailed(_logger, e);
            }

            _metrics.ReconcileErrors.WithLabels(name).Inc();
            _metrics.ReconcileTotal.WithLabels(name, "error").Inc();
            Queue.AddRateLimited(request);
        }
        finally
        {
            _metrics.ReconcileTime.WithLabels(name).Observe(_time.GetElapsedTime(started).TotalSeconds);
            active.Dec();
        }
    }

    /// <summary>Exceptions that signal a bug rather than a failure of the world (Go's panics).</summary>
    private static bool IsPanic(Exception e) =>
        e is NullReferenceException or InvalidCastException or IndexOutOfRangeException or ArgumentException
            or NotImplementedException or KeyNotFoundException or DivideByZeroException;
}
