using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OciSource.Testing.Registry;

namespace OciSource.Testing.Notifications;

/// <summary>
/// A stand-in for Flux notification-controller's event receiver: Kestrel on a free port of 127.0.0.1 that accepts
/// POSTs on any path, hands each one to the test through <see cref="NextAsync"/> (a signal, no polling), and answers
/// with the status codes the test scripted (<see cref="Answer"/>), else 202 Accepted as notification-controller does.
/// <see cref="Hold"/> keeps the next answers back until <see cref="Release"/>, so a sender stays busy.
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedNotification> _received = Channel.CreateUnbounded<ReceivedNotification>();
    private readonly ConcurrentQueue<int> _answers = new();
    private volatile TaskCompletionSource _gate = CompletedGate();

    private NotificationReceiver(WebApplication app) => _app = app;

    /// <summary>Where to POST, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public static async Task<NotificationReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var receiver = new NotificationReceiver(LoopbackWebApp.CreateBuilder().Build());
        receiver._app.MapPost("/{**path}", receiver.HandleAsync);
        try
        {
            receiver.Address = await LoopbackWebApp.StartAsync(receiver._app, cancellationToken);
            return receiver;
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    /// <summary>Answers the next requests with <paramref name="statusCodes"/>, in order (then 202 again).</summary>
    public void Answer(params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            _answers.Enqueue(status);
        }
    }

    /// <summary>Requests still arrive (and are handed out by <see cref="NextAsync"/>) but get no answer until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers every held request.</summary>
    public void Release() => _gate.TrySetResult();

    /// <summary>The next request received, in arrival order; waits until one arrives.</summary>
    public async Task<ReceivedNotification> NextAsync(CancellationToken cancellationToken) => await _received.Reader.ReadAsync(cancellationToken);

    /// <summary>Whether a request has arrived that <see cref="NextAsync"/> has not handed out yet.</summary>
    public bool HasPending => _received.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var answer = _answers.TryDequeue(out var scripted) ? scripted : StatusCodes.Status202Accepted;
        var gate = _gate;
        await _received.Writer.WriteAsync(new ReceivedNotification(context.Request.Path.Value ?? "/", context.Request.ContentType, body.RootElement.Clone(), answer), context.RequestAborted);
        await gate.Task.WaitAsync(context.RequestAborted);
        context.Response.StatusCode = answer;
    }
}
