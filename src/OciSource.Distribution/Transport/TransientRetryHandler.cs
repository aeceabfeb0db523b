using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace OciSource.Distribution.Transport;

/// <summary>
/// Retries requests without a body on transient failures with exponential backoff (Polly), honouring
/// <c>Retry-After</c> up to <see cref="RetryOptions.MaxDelay"/>. Cancellation by the caller is never retried.
/// The final failing response or exception is passed to the caller unchanged.
/// </summary>
internal sealed partial class TransientRetryHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <param name="pipeline">From <see cref="CreatePipeline"/>; one pipeline serves any number of handlers.</param>
    public TransientRetryHandler(ResiliencePipeline<HttpResponseMessage> pipeline) => _pipeline = pipeline;

    /// <summary>
    /// The retry pipeline for <paramref name="options"/>. It holds no per-request state and is thread-safe, so it is
    /// built once per options (building one validates the options and allocates the strategy graph).
    /// </summary>
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(RetryOptions options, ILogger logger, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxDelay, timeProvider)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay, reason);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    internal static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The delay a 429/503 asks for with <c>Retry-After</c> (seconds or a date), capped; null if none.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max, TimeProvider timeProvider)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        if (delay is not { } d)
        {
            return null;
        }

        return d < TimeSpan.Zero ? TimeSpan.Zero : d > max ? max : d;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        return await _pipeline.ExecuteAsync(
            static async (state, ct) => await state.Handler.SendCoreAsync(state.Request, ct),
            (Handler: this, Request: request),
            cancellationToken);
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) =>
        outcome.Result is { } response
            ? IsTransientStatus(response.StatusCode)
            : outcome.Exception is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested;

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retrying registry request (attempt {Attempt}) after {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, TimeSpan delay, string reason);
}
