namespace OciSource.Distribution.Cloud.Gcp;

/// <summary>
/// Keeps the last token of one credential and fetches a new one when fewer than <see cref="RefreshWindow"/> remain
/// before it expires (on the provider's <see cref="TimeProvider"/>). At most one fetch per credential runs at a time:
/// callers arriving meanwhile wait for it (single flight). The fetch itself is bounded by
/// <see cref="GoogleEndpointClient.Timeout"/> per call and not tied to one caller's cancellation, so a caller giving up
/// does not fail the others; a failed fetch is not remembered (the next call tries again).
/// </summary>
internal sealed class RefreshingTokenSource(IGoogleTokenSource inner, TimeProvider time) : IGoogleTokenSource
{
    /// <summary>
    /// Five minutes: the hard expiry window of Google's .NET client library (it never hands out a token within 5 minutes of expiring);
    /// Go's oauth2 uses 10 seconds. A registry credential made from the token lives until the token's real expiry.
    /// </summary>
    internal static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private GcpAccessToken? _token;
    private Task<GcpAccessToken>? _fetch;

    public Task<GcpAccessToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<GcpAccessToken>? started = null;
        Task<GcpAccessToken> fetch;
        lock (_gate)
        {
            if (_token is { } token && token.ExpiresAt - time.GetUtcNow() > RefreshWindow)
            {
                return Task.FromResult(token);
            }

            if (_fetch is null)
            {
                started = new TaskCompletionSource<GcpAccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                _fetch = started.Task;
            }

            fetch = _fetch;
        }

        if (started is not null)
        {
            _ = FetchAsync(started);
        }

        return fetch.WaitAsync(cancellationToken);
    }

    private async Task FetchAsync(TaskCompletionSource<GcpAccessToken> pending)
    {
        try
        {
            var token = await inner.GetTokenAsync(CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                _token = token;
                _fetch = null;
            }

            pending.SetResult(token);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _fetch = null;
            }

            pending.SetException(e);
        }
    }
}
