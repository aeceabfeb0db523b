using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using OciSource.Runtime.Queue;

namespace OciSource.Runtime.Tests.Queue;

/// <summary>
/// The work-queue protocol with a fake clock. An item that is ready is handed out synchronously by
/// <see cref="WorkQueue{T}.GetAsync"/>, so "available now" is checked without waiting.
/// </summary>
public sealed class WorkQueueTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests() => _queue = new WorkQueue<string>(new RetryRateLimiter<string>(TimeSpan.FromMilliseconds(750), TimeSpan.FromMinutes(15), _time), _time);

    [Fact]
    public void Add_SameItemTwiceBeforeGet_IsHandedOutOnce()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("b");

        Assert.Equal(2, _queue.Count);
        Assert.Equal("a", TakeNow());
        Assert.Equal("b", TakeNow());
        Assert.Null(TryTakeNow());
    }

    [Fact]
    public void Add_WhileProcessing_IsHandedOutAgainOnlyAfterDone()
    {
        _queue.Add("a");
        var item = TakeNow();

        _queue.Add("a");
        _queue.Add("a");
        var whileProcessing = TryTakeNow();
        _queue.Done(item);
        var afterDone = TryTakeNow();

        Assert.Null(whileProcessing);
        Assert.Equal("a", afterDone);
        _queue.Done("a");
        Assert.Null(TryTakeNow());
    }

    [Fact]
    public void Done_WithoutNewAdd_DoesNotRequeue()
    {
        _queue.Add("a");
        _queue.Done(TakeNow());

        Assert.Null(TryTakeNow());
    }

    [Fact]
    public void AddRateLimited_RepeatedFailures_WaitsTheBackoffSequence()
    {
        var waits = new List<TimeSpan>();
        for (var failure = 0; failure < 5; failure++)
        {
            _queue.AddRateLimited("a");
            waits.Add(AdvanceUntilAvailable());
            _queue.Done(TakeNow());
        }

        Assert.Equal([750, 1500, 3000, 6000, 12000], waits.Select(w => w.TotalMilliseconds));
        Assert.Equal(5, _queue.NumRequeues("a"));
    }

    [Fact]
    public void Forget_AfterFailures_RestartsBackoffAtMinimum()
    {
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("a");
        _queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromMinutes(1));
        _queue.Done(TakeNow());

        _queue.Forget("a");
        _queue.AddRateLimited("a");

        Assert.Equal(TimeSpan.FromMilliseconds(750), AdvanceUntilAvailable());
    }

    [Fact]
    public void AddAfter_DifferentDelays_ComeOutInDueOrder()
    {
        _queue.AddAfter("late", TimeSpan.FromSeconds(3));
        _queue.AddAfter("early", TimeSpan.FromSeconds(1));
        _queue.AddAfter("middle", TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Null(TryTakeNow());
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(["early", "middle", "late"], [TakeNow(), TakeNow(), TakeNow()]);
    }

    [Fact]
    public void AddAfter_SameItemTwice_EarlierDueTimeWinsAndItComesOnce()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _queue.AddAfter("a", TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a", TakeNow());
        _queue.Done("a");
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.Null(TryTakeNow());
    }

    [Fact]
    public void AddAfter_ItemAlreadyQueued_StaysQueuedOnce()
    {
        _queue.Add("a");
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("a", TakeNow());
        Assert.Null(TryTakeNow());
    }

    [Fact]
    public async Task ShutDown_WakesWaitingGettersWithNull()
    {
        var waiting = _queue.GetAsync(TestContext.Current.CancellationToken);

        _queue.ShutDown();

        Assert.Null(await waiting);
        _queue.Add("a");
        Assert.Null(await _queue.GetAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ConcurrentWorkers_RandomAdds_NeverProcessOneItemTwiceAtOnceAndLoseNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var inProcess = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var lastAdded = new ConcurrentDictionary<string, int>();
        var lastProcessed = new ConcurrentDictionary<string, int>();
        var addSequence = 0;

        async Task Worker()
        {
            while (await _queue.GetAsync(ct) is { } item)
            {
                if (inProcess.AddOrUpdate(item, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                // Everything added before this point is covered by this processing.
                var seen = Volatile.Read(ref addSequence);
                await Task.Yield();
                lastProcessed.AddOrUpdate(item, seen, (_, old) => Math.Max(old, seen));
                inProcess.AddOrUpdate(item, 0, (_, n) => n - 1);
                _queue.Done(item);
            }
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(Worker, ct)).ToArray();
        var random = new Random(42);
        for (var i = 0; i < 5000; i++)
        {
            var item = $"k{random.Next(20)}";
            _queue.Add(item);
            lastAdded[item] = Interlocked.Increment(ref addSequence);
            if (i % 100 == 0)
            {
                await Task.Yield();
            }
        }

        bool AllCovered() => lastAdded.All(a => lastProcessed.TryGetValue(a.Key, out var p) && p >= a.Value);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline && !AllCovered())
        {
            await Task.Delay(10, ct);
        }

        _queue.ShutDown();
        await Task.WhenAll(workers);

        Assert.Equal(0, overlaps);
        Assert.All(lastAdded, added => Assert.True(
            lastProcessed.TryGetValue(added.Key, out var processed) && processed >= added.Value,
            $"{added.Key}: added at {added.Value}, last processing saw {processed}"));
    }

    public void Dispose() => _queue.Dispose();

    private string TakeNow() => TryTakeNow() ?? throw new InvalidOperationException("no item ready");

    private string? TryTakeNow()
    {
        // A cancelled token: a ready item is returned synchronously, otherwise the call ends at once without leaving
        // a getter behind that would take a later item.
        var task = _queue.GetAsync(new CancellationToken(canceled: true));
        return task.IsCompletedSuccessfully ? task.Result : null;
    }

    /// <summary>Advances the fake clock 1 ms at a time until an item is ready; returns the time advanced.</summary>
    private TimeSpan AdvanceUntilAvailable()
    {
        var advanced = TimeSpan.Zero;
        while (_queue.Count == 0)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            advanced += TimeSpan.FromMilliseconds(1);
            Assert.True(advanced < TimeSpan.FromHours(1), "item never became ready");
        }

        return advanced;
    }
}
