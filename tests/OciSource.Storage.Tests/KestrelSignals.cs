using System.Diagnostics.Metrics;

namespace OciSource.Storage.Tests;

/// <summary>
/// What Kestrel reports about the connections of one server port through its meter
/// (<c>Microsoft.AspNetCore.Server.Kestrel</c>): open connections, connections rejected at the connection limit, and
/// connections ended with an error type (<c>request_headers_timeout</c>, <c>min_response_data_rate</c>, …). Tests wait
/// on these counts instead of on time. Start it before the server accepts the connections it should count.
/// </summary>
internal sealed class KestrelSignals : IDisposable
{
    private const string MeterName = "Microsoft.AspNetCore.Server.Kestrel";

    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _ended = new(StringComparer.Ordinal);
    private int _port;
    private long _active;
    private long _rejected;
    private TaskCompletionSource _changed = NewSignal();

    public KestrelSignals()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName
                && instrument.Name is "kestrel.active_connections" or "kestrel.rejected_connections" or "kestrel.connection.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => OnMeasurement(instrument, 0L, tags, null));
        _listener.Start();
    }

    /// <summary>The server port whose connections count; measurements of other ports (other tests' servers) are ignored.</summary>
    public int Port
    {
        set => Volatile.Write(ref _port, value);
    }

    public long Active
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    public long Rejected
    {
        get
        {
            lock (_lock)
            {
                return _rejected;
            }
        }
    }

    /// <summary>Connections that ended with <paramref name="errorType"/>.</summary>
    public int Ended(string errorType)
    {
        lock (_lock)
        {
            return _ended.GetValueOrDefault(errorType);
        }
    }

    /// <summary>
    /// Returns once <paramref name="condition"/> holds; it is checked after every measurement of the port. A condition
    /// still false after <see cref="GiveUpAfter"/> fails the test (a signal that never comes, not a time measured).
    /// </summary>
    public async Task WaitForAsync(Func<KestrelSignals, bool> condition, CancellationToken cancellationToken)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(GiveUpAfter);
        try
        {
            await WaitCoreAsync(condition, giveUp.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Xunit.Sdk.FailException.ForFailure(
                $"Kestrel never reported the awaited state: active {Active}, rejected {Rejected}, ended {string.Join(", ", EndedByType())}");
        }
    }

    /// <summary>How long a wait goes on before the test fails: far beyond every timeout the tests configure.</summary>
    public static TimeSpan GiveUpAfter { get; } = TimeSpan.FromMinutes(2);

    private string[] EndedByType()
    {
        lock (_lock)
        {
            return [.. _ended.Select(e => $"{e.Key}={e.Value}")];
        }
    }

    private async Task WaitCoreAsync(Func<KestrelSignals, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public void Dispose() => _listener.Dispose();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        object? port = null;
        string? errorType = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "server.port":
                    port = tag.Value;
                    break;
                case "error.type":
                    errorType = tag.Value as string;
                    break;
            }
        }

        if (port is not int p || p != Volatile.Read(ref _port))
        {
            return;
        }

        TaskCompletionSource changed;
        lock (_lock)
        {
            switch (instrument.Name)
            {
                case "kestrel.active_connections":
                    _active += value;
                    break;
                case "kestrel.rejected_connections":
                    _rejected += value;
                    break;
                default:
                    _ended[errorType ?? "none"] = _ended.GetValueOrDefault(errorType ?? "none") + 1;
                    break;
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }
}
