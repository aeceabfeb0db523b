using System.Collections.Concurrent;
using OciSource.Runtime.Controller;

namespace OciSource.Runtime.Tests.Support;

/// <summary>
/// Records every reconcile (request, start and end on one stopwatch) and answers with <see cref="Behaviour"/>;
/// optionally holds each reconcile for <see cref="Hold"/>.
/// </summary>
public sealed class RecordingReconciler : IReconciler
{
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    public ConcurrentQueue<(ReconcileRequest Request, TimeSpan Start, TimeSpan End)> Calls { get; } = new();

    public Func<ReconcileRequest, int, ReconcileResult> Behaviour { get; set; } = (_, _) => ReconcileResult.Done;

    public TimeSpan Hold { get; set; }

    public int CallsFor(string name) => Calls.Count(c => c.Request.Name == name);

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        var start = Clock.Elapsed;
        var attempt = CallsFor(request.Name) + 1;
        try
        {
            if (Hold > TimeSpan.Zero)
            {
                await Task.Delay(Hold, cancellationToken);
            }

            return Behaviour(request, attempt);
        }
        finally
        {
            Calls.Enqueue((request, start, Clock.Elapsed));
        }
    }
}
