using k8s.Models;
using OciSource.Api;
using OciSource.Runtime.Status;

namespace OciSource.Controller.Reconciliation;

/// <summary>
/// The conditions of one reconcile, edited with Flux's semantics (the runtime's <see cref="Conditions"/>: the
/// transition time changes only with status, reason or message; Flux's order; trimmed messages) and converted back to
/// the API's <see cref="V1Condition"/> list at the end.
/// </summary>
internal sealed class ConditionBook(IEnumerable<V1Condition>? existing, long generation, DateTimeOffset now)
{
    private readonly List<Condition> _conditions = [.. (existing ?? Enumerable.Empty<V1Condition>()).Select(c => new Condition
    {
        Type = c.Type,
        Status = c.Status,
        ObservedGeneration = c.ObservedGeneration ?? 0,
        LastTransitionTime = c.LastTransitionTime,
        Reason = c.Reason,
        Message = c.Message ?? string.Empty,
    })];

    public Condition? Get(string type) => Conditions.Get(_conditions, type);

    public bool IsTrue(string type) => Conditions.IsTrue(_conditions, type);

    public void Mark(string type, string status, string reason, string message) =>
        Conditions.Set(_conditions, new Condition { Type = type, Status = status, Reason = reason, Message = message, ObservedGeneration = generation }, now);

    /// <summary>
    /// Flux's progressive status (<c>ProgressiveStatus</c>): Reconciling=True <c>Progressing</c> with
    /// <paramref name="message"/>, Stalled removed, and Ready=Unknown <c>Progressing</c> with <paramref name="message"/>
    /// on drift (a new revision, a missing artifact) or when Ready is absent or already Unknown.
    /// </summary>
    public void MarkProgress(string message, bool drift)
    {
        Mark(ConditionTypes.Reconciling, Conditions.True, Reasons.Progressing, message);
        Delete(ConditionTypes.Stalled);
        if (drift || Get(ConditionTypes.Ready) is null or { Status: Conditions.Unknown })
        {
            Mark(ConditionTypes.Ready, Conditions.Unknown, Reasons.Progressing, message);
        }
    }

    public void Delete(params ReadOnlySpan<string> types)
    {
        foreach (var type in types)
        {
            Conditions.Delete(_conditions, type);
        }
    }

    public List<V1Condition> ToApi()
    {
        Conditions.Sort(_conditions);
        return [.. _conditions.Select(c => new V1Condition
        {
            Type = c.Type,
            Status = c.Status,
            ObservedGeneration = c.ObservedGeneration,
            LastTransitionTime = c.LastTransitionTime,
            Reason = c.Reason,
            Message = c.Message,
        })];
    }
}
