using System.Globalization;

namespace OciSource.Runtime.Hosting;

/// <summary>Go's <c>time.ParseDuration</c> format, used by Flux's flags: <c>750ms</c>, <c>15m</c>, <c>1h30m</c>, <c>1.5s</c>.</summary>
public static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("ns", 0.01), ("us", 10), ("µs", 10), ("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    /// <exception cref="FormatException">Not a Go duration (a bare number other than 0 has no unit and is rejected).</exception>
    public static TimeSpan Parse(string text)
    {
        var s = text.Trim();
        var negative = s.StartsWith('-');
        s = s.TrimStart('-', '+');
        if (s == "0")
        {
            return TimeSpan.Zero;
        }

        if (s.Length == 0)
        {
            throw new FormatException($"invalid duration \"{text}\"");
        }

        double ticks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                throw new FormatException($"invalid duration \"{text}\"");
            }

            var unit = Units.Where(u => s.AsSpan(i).StartsWith(u.Unit, StringComparison.Ordinal)).OrderByDescending(u => u.Unit.Length).FirstOrDefault();
            if (unit.Unit is null)
            {
                throw new FormatException($"missing or unknown unit in duration \"{text}\"");
            }

            ticks += number * unit.Ticks;
            i += unit.Unit.Length;
        }

        return TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
    }
}
