namespace OciSource.Runtime.Status;

/// <summary>
/// fluxcd/pkg runtime/conditions setter semantics on a list of <see cref="Condition"/>: one condition per type,
/// lastTransitionTime kept unless status, reason or message changed, messages trimmed, a fixed order.
/// </summary>
public static class Conditions
{
    /// <summary>The metav1.Condition message limit (CRD maxLength).</summary>
    public const int MaxMessageLength = 32768;

    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>The condition types that sort first, in this order.</summary>
    private static readonly string[] Leading = ["Stalled", "Reconciling", "Ready"];

    /// <summary>
    /// Adds or replaces the condition of <paramref name="condition"/>'s type. Its lastTransitionTime becomes
    /// <paramref name="now"/> (UTC, truncated to seconds) unless a condition of that type exists with the same status,
    /// reason and message, whose time is kept. The message is trimmed, then the list is sorted (<see cref="Sort"/>).
    /// </summary>
    public static void Set(List<Condition> conditions, Condition condition, DateTimeOffset now)
    {
        var message = Trim(condition.Message);
        var existing = Get(conditions, condition.Type);
        var unchanged = existing is not null && existing.Status == condition.Status && existing.Reason == condition.Reason && existing.Message == message;
        var time = unchanged ? existing!.LastTransitionTime : Truncate(now);
        conditions.RemoveAll(c => c.Type == condition.Type);
        conditions.Add(condition with { Message = message, LastTransitionTime = time });
        Sort(conditions);
    }

    /// <summary>The condition of <paramref name="type"/>, or null.</summary>
    public static Condition? Get(IEnumerable<Condition> conditions, string type) => conditions.FirstOrDefault(c => c.Type == type);

    /// <summary>True when the condition of <paramref name="type"/> exists with status True.</summary>
    public static bool IsTrue(IEnumerable<Condition> conditions, string type) => Get(conditions, type)?.Status == True;

    /// <summary>Removes the condition of <paramref name="type"/>; false when there was none.</summary>
    public static bool Delete(List<Condition> conditions, string type) => conditions.RemoveAll(c => c.Type == type) > 0;

    /// <summary>Stalled, Reconciling, Ready first; then the others by observedGeneration descending, then type.</summary>
    public static void Sort(List<Condition> conditions) => conditions.Sort(static (a, b) =>
    {
        var rank = Rank(a).CompareTo(Rank(b));
        if (rank != 0)
        {
            return rank;
        }

        var generation = b.ObservedGeneration.CompareTo(a.ObservedGeneration);
        return generation != 0 ? generation : string.CompareOrdinal(a.Type, b.Type);
    });

    /// <summary>Cuts a message longer than <see cref="MaxMessageLength"/> and ends it with <c>...</c>.</summary>
    public static string Trim(string message) =>
        message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength - 3), "...");

    private static int Rank(Condition condition)
    {
        var index = Array.IndexOf(Leading, condition.Type);
        return index < 0 ? Leading.Length : index;
    }

    private static DateTime Truncate(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
