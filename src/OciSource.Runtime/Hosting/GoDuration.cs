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

        // Rounded: a decimal fraction such as 1.001 is not exact in binary and would otherwise lose a tick.
        return TimeSpan.FromTicks((long)Math.Round(negative ? -ticks : ticks));
    }

    /// <summary>
    /// What Go's <c>time.Duration.String</c> writes, as Flux prints durations: <c>0s</c>, <c>750ms</c>, <c>1.5s</c>,
    /// <c>1m0s</c>, <c>1h30m0s</c>, <c>-2s</c> (sub-second values in <c>ms</c>, <c>µs</c> or <c>ns</c>; trailing
    /// fractional zeros dropped). <see cref="Parse"/> reads it back.
    /// </summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var negative = duration < TimeSpan.Zero;
        var ticks = (Int128)duration.Ticks;
        var nanoseconds = (UInt128)(negative ? -ticks : ticks) * 100;
        var text = nanoseconds < 1_000 ? Invariant($"{nanoseconds}ns")
            : nanoseconds < 1_000_000 ? Fraction(nanoseconds, 1_000) + "µs"
            : nanoseconds < NanosecondsPerSecond ? Fraction(nanoseconds, 1_000_000) + "ms"
            : HoursMinutesSeconds(nanoseconds);
        return negative ? "-" + text : text;
    }

    private const ulong NanosecondsPerSecond = 1_000_000_000;

    private static string HoursMinutesSeconds(UInt128 nanoseconds)
    {
        var seconds = Fraction(nanoseconds % (60 * NanosecondsPerSecond), NanosecondsPerSecond) + "s";
        var minutes = nanoseconds / (60 * NanosecondsPerSecond);
        if (minutes == 0)
        {
            return seconds;
        }

        var hours = minutes / 60;
        var text = Invariant($"{minutes % 60}m{seconds}");
        return hours == 0 ? text : Invariant($"{hours}h{text}");
    }

    /// <summary><paramref name="value"/> / <paramref name="unit"/> with the remainder as decimals, trailing zeros dropped.</summary>
    private static string Fraction(UInt128 value, UInt128 unit)
    {
        var whole = Invariant($"{value / unit}");
        var rest = value % unit;
        if (rest == 0)
        {
            return whole;
        }

        var digits = Invariant($"{unit}").Length - 1;
        return whole + "." + Invariant($"{rest}").PadLeft(digits, '0').TrimEnd('0');
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
