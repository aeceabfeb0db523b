using System.Text.RegularExpressions;

namespace OciSource.Testing.Registry;

/// <summary>
/// A <see cref="Fault"/> armed on the <see cref="TamperingFront"/> for the first <see cref="Times"/> requests whose
/// method is <see cref="Method"/> and whose path and query match <see cref="PathPattern"/>; later ones pass through.
/// A use counts only when the fault is really applied (see <see cref="Fault"/> for when each kind acts).
/// </summary>
public sealed class FaultRule
{
    private int _applied;

    internal FaultRule(HttpMethod method, string pathPattern, Fault fault, int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        Method = method;
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        Fault = fault;
        Times = times;
    }

    public HttpMethod Method { get; }

    public Regex PathPattern { get; }

    public Fault Fault { get; }

    public int Times { get; }

    /// <summary>How many requests this rule has tampered with so far.</summary>
    public int Applied => Volatile.Read(ref _applied);

    internal bool IsArmed => Applied < Times;

    internal bool Matches(string method, string pathAndQuery) =>
        IsArmed && string.Equals(method, Method.Method, StringComparison.OrdinalIgnoreCase) && PathPattern.IsMatch(pathAndQuery);

    /// <summary>Takes one use; false when another request took the last one.</summary>
    internal bool TryConsume()
    {
        while (true)
        {
            var applied = Volatile.Read(ref _applied);
            if (applied >= Times)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _applied, applied + 1, applied) == applied)
            {
                return true;
            }
        }
    }
}
