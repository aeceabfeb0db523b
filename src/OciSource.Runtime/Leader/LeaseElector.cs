using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OciSource.Runtime.Metrics;

namespace OciSource.Runtime.Leader;

/// <summary>
/// client-go's leader election on a <c>coordination.k8s.io/v1</c> Lease. A candidate takes the Lease when it is free or
/// when its holder has not renewed it for <see cref="LeaderElectionOptions.LeaseDuration"/> (measured on the
/// candidate's own clock from when it last saw the record change, so clock skew does not matter); the leader renews
/// every <see cref="LeaderElectionOptions.RetryPeriod"/> and gives up when a renewal has not succeeded within
/// <see cref="LeaderElectionOptions.RenewDeadline"/>. Every write is guarded by the Lease's resourceVersion.
/// </summary>
public sealed class LeaseElector
{
    private readonly IKubernetes _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RuntimeMetrics? _metrics;
    private V1Lease? _observed;
    private long _observedAt;
    private volatile bool _isLeader;

    public LeaseElector(IKubernetes client, LeaderElectionOptions options, TimeProvider time, ILogger logger, RuntimeMetrics? metrics = null)
    {
        if (options.RenewDeadline >= options.LeaseDuration || options.RetryPeriod >= options.RenewDeadline)
        {
            throw new ArgumentException("leader election needs retry period < renew deadline < lease duration", nameof(options));
        }

        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>True while this replica holds the Lease.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>
    /// Waits until this replica leads, then runs <paramref name="whileLeading"/> with a token that is cancelled when
    /// leadership is lost or <paramref name="cancellationToken"/> is cancelled, and waits for it to return. Only then
    /// is the Lease released (when <see cref="LeaderElectionOptions.ReleaseOnCancel"/>), so two leaders never overlap.
    /// </summary>
    /// <remarks>
    /// Each acquire attempt is bounded by <see cref="LeaderElectionOptions.RenewDeadline"/>: an API server that accepts
    /// connections but never answers (or a client timeout) is a failed attempt, logged, and retried after
    /// <see cref="LeaderElectionOptions.RetryPeriod"/>, for as long as it takes.
    /// </remarks>
    /// <returns>True when leadership was lost; false when <paramref name="cancellationToken"/> ended the run.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before leadership was won.</exception>
    public async Task<bool> RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        while (!await TryWithinAsync(_options.RenewDeadline, cancellationToken))
        {
            await Task.Delay(_options.RetryPeriod, _time, cancellationToken);
        }

        SetLeader(true);
        RuntimeLog.LeaseAcquired(_logger, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
        var lost = false;
        try
        {
            lost = !await RenewUntilLostAsync(work, cancellationToken);
        }
        finally
        {
            await leading.CancelAsync();
            try
            {
                await work;
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                SetLeader(false);
                if (lost)
                {
                    RuntimeLog.LeaseLost(_logger, _options.LeaseNamespace, _options.LeaseName);
                }
                else if (_options.ReleaseOnCancel)
                {
                    await ReleaseAsync();
                }
            }
        }

        return lost;
    }

    /// <summary>Renews until the work ends or the token is cancelled (true), or a renewal misses its deadline (false).</summary>
    private async Task<bool> RenewUntilLostAsync(Task work, CancellationToken cancellationToken)
    {
        var lastRenew = _time.GetTimestamp();
        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(_options.RetryPeriod, _time, cancellationToken));
            if (cancellationToken.IsCancellationRequested || work.IsCompleted)
            {
                return true;
            }

            var remaining = _options.RenewDeadline - _time.GetElapsedTime(lastRenew);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            if (await TryWithinAsync(remaining, cancellationToken))
            {
                lastRenew = _time.GetTimestamp();
            }
            else if (_time.GetElapsedTime(lastRenew) >= _options.RenewDeadline)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One attempt that gives up (false) after <paramref name="limit"/>; only <paramref name="cancellationToken"/> throws.</summary>
    private async Task<bool> TryWithinAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(limit, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await TryAcquireOrRenewAsync(attempt.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Our deadline, or the client's own timeout (HttpClient.Timeout surfaces as TaskCanceledException).
            RuntimeLog.LeaseAttemptFailed(_logger, e, _options.LeaseNamespace, _options.LeaseName);
            return false;
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var seconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);
        try
        {
            V1Lease current;
            try
            {
                current = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.LeaseNamespace, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                var created = await _client.CoordinationV1.CreateNamespacedLeaseAsync(
                    new V1Lease
                    {
                        // Served as a CRD in the test API server, which needs apiVersion and kind in the body.
                        ApiVersion = $"{V1Lease.KubeGroup}/{V1Lease.KubeApiVersion}",
                        Kind = V1Lease.KubeKind,
                        Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.LeaseNamespace },
                        Spec = new V1LeaseSpec
                        {
                            HolderIdentity = _options.Identity,
                            LeaseDurationSeconds = seconds,
                            AcquireTime = now,
                            RenewTime = now,
                            LeaseTransitions = 0,
                        },
                    },
                    _options.LeaseNamespace,
                    cancellationToken: cancellationToken);
                Observe(created);
                return true;
            }

            if (_observed is null || _observed.Metadata.ResourceVersion != current.Metadata.ResourceVersion)
            {
                Observe(current);
            }

            var holder = current.Spec?.HolderIdentity;
            var held = !string.IsNullOrEmpty(holder) && holder != _options.Identity;
            var duration = TimeSpan.FromSeconds(current.Spec?.LeaseDurationSeconds ?? seconds);
            if (held && _time.GetElapsedTime(_observedAt) < duration)
            {
                return false;
            }

            var spec = current.Spec ?? new V1LeaseSpec();
            var mine = holder == _options.Identity;
            current.Spec = new V1LeaseSpec
            {
                HolderIdentity = _options.Identity,
                LeaseDurationSeconds = seconds,
                AcquireTime = mine ? spec.AcquireTime : now,
                RenewTime = now,
                LeaseTransitions = mine ? spec.LeaseTransitions : (spec.LeaseTransitions ?? 0) + 1,
            };
            current.ApiVersion ??= $"{V1Lease.KubeGroup}/{V1Lease.KubeApiVersion}";
            current.Kind ??= V1Lease.KubeKind;
            Observe(await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(current, _options.LeaseName, _options.LeaseNamespace, cancellationToken: cancellationToken));
            return true;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
        {
            RuntimeLog.LeaseAttemptFailed(_logger, e, _options.LeaseNamespace, _options.LeaseName);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        if (_observed?.Spec?.HolderIdentity != _options.Identity)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.RenewDeadline);
        var now = _time.GetUtcNow().UtcDateTime;
        var released = _observed;
        released.Spec = new V1LeaseSpec
        {
            HolderIdentity = null,
            LeaseDurationSeconds = 1,
            AcquireTime = now,
            RenewTime = now,
            LeaseTransitions = released.Spec.LeaseTransitions,
        };
        try
        {
            Observe(await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(released, _options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token));
            RuntimeLog.LeaseReleased(_logger, _options.LeaseNamespace, _options.LeaseName);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            RuntimeLog.LeaseAttemptFailed(_logger, e, _options.LeaseNamespace, _options.LeaseName);
        }
    }

    private void Observe(V1Lease lease)
    {
        _observed = lease;
        _observedAt = _time.GetTimestamp();
    }

    private void SetLeader(bool leading)
    {
        _isLeader = leading;
        _metrics?.LeaderStatus.WithLabels(_options.LeaseName).Set(leading ? 1 : 0);
    }
}
