namespace OciSource.Runtime.Queue;

/// <summary>
/// client-go's rate-limited delaying work queue. An item waits at most once (dirty set); an item being processed
/// (processing set) is never handed to a second worker: adding it again marks it dirty and it is queued once more when
/// its worker calls <see cref="Done"/>. <see cref="AddAfter"/> keeps the earliest due time per item. Time, including
/// delayed adds, comes from the injected <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "client-go's name for it.")]
public sealed class WorkQueue<T> : IDisposable where T : class
{
    private readonly RetryRateLimiter<T> _rateLimiter;
    private readonly TimeProvider _time;
    private readonly IWorkQueueMetrics? _metrics;
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, long> _addedAt = [];
    private readonly Dictionary<T, long> _startedAt = [];
    private readonly Dictionary<T, DateTimeOffset> _waitingUntil = [];
    private readonly PriorityQueue<T, DateTimeOffset> _waiting = new();
    private readonly ITimer _timer;
    private readonly List<TaskCompletionSource> _getters = [];
    private bool _shuttingDown;

    public WorkQueue(RetryRateLimiter<T> rateLimiter, TimeProvider time, IWorkQueueMetrics? metrics = null)
    {
        _rateLimiter = rateLimiter;
        _time = time;
        _metrics = metrics;
        _timer = time.CreateTimer(_ => MoveDueItems(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Items ready to be handed out (not counting delayed or in-process items).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>True once <see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Queues <paramref name="item"/> unless it is already waiting; ignored after shutdown.</summary>
    public void Add(T item)
    {
        lock (_gate)
        {
            AddLocked(item);
        }
    }

    /// <summary>Queues <paramref name="item"/> once <paramref name="delay"/> has passed on the queue's clock.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(item);
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waitingUntil.TryGetValue(item, out var existing) && existing <= due)
            {
                return;
            }

            _waitingUntil[item] = due;
            _waiting.Enqueue(item, due);
            ArmTimerLocked();
        }
    }

    /// <summary>Queues <paramref name="item"/> after the rate limiter's delay (a failure: backoff grows).</summary>
    public void AddRateLimited(T item)
    {
        _metrics?.Retried();
        AddAfter(item, _rateLimiter.When(item));
    }

    /// <summary>Resets the failure backoff of <paramref name="item"/>.</summary>
    public void Forget(T item) => _rateLimiter.Forget(item);

    /// <summary>Failures of <paramref name="item"/> since it was last forgotten.</summary>
    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    /// <summary>
    /// Waits for the next item and marks it as processing; the caller must call <see cref="Done"/> with it.
    /// Returns null once the queue is shut down (items still queued are not handed out).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<T?> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource signal;
            lock (_gate)
            {
                if (_shuttingDown)
                {
                    return null;
                }

                if (_queue.TryDequeue(out var item))
                {
                    _dirty.Remove(item);
                    _processing.Add(item);
                    var now = _time.GetTimestamp();
                    if (_addedAt.Remove(item, out var added))
                    {
                        _metrics?.Dequeued(_time.GetElapsedTime(added, now));
                    }

                    _startedAt[item] = now;
                    _metrics?.Depth(_queue.Count);
                    return item;
                }

                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _getters.Add(signal);
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Ends processing of <paramref name="item"/>; if it was added meanwhile, it is queued again now.</summary>
    public void Done(T item)
    {
        lock (_gate)
        {
            _processing.Remove(item);
            if (_startedAt.Remove(item, out var started))
            {
                _metrics?.Processed(_time.GetElapsedTime(started));
            }

            if (_dirty.Contains(item) && !_shuttingDown)
            {
                EnqueueLocked(item);
            }
        }
    }

    /// <summary>Stops handing out items: waiting and later <see cref="GetAsync"/> calls return null.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            WakeGettersLocked();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
    }

    private void AddLocked(T item)
    {
        if (_shuttingDown || !_dirty.Add(item))
        {
            return;
        }

        _metrics?.Added();
        _addedAt.TryAdd(item, _time.GetTimestamp());
        if (!_processing.Contains(item))
        {
            EnqueueLocked(item);
        }
    }

    private void EnqueueLocked(T item)
    {
        _queue.Enqueue(item);
        _metrics?.Depth(_queue.Count);
        WakeGettersLocked();
    }

    private void WakeGettersLocked()
    {
        foreach (var getter in _getters)
        {
            getter.TrySetResult();
        }

        _getters.Clear();
    }

    private void MoveDueItems()
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            var now = _time.GetUtcNow();
            while (_waiting.TryPeek(out var item, out var due) && due <= now)
            {
                _waiting.Dequeue();
                // A stale entry: the item was re-scheduled earlier and already moved, or moved and re-added later.
                if (_waitingUntil.TryGetValue(item, out var current) && current == due)
                {
                    _waitingUntil.Remove(item);
                    AddLocked(item);
                }
            }

            ArmTimerLocked();
        }
    }

    private void ArmTimerLocked()
    {
        while (_waiting.TryPeek(out var item, out var due))
        {
            if (_waitingUntil.TryGetValue(item, out var current) && current == due)
            {
                var wait = due - _time.GetUtcNow();
                _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                return;
            }

            _waiting.Dequeue();
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
