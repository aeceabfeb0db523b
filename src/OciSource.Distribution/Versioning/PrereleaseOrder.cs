using System.Globalization;

namespace OciSource.Distribution.Versioning;

/// <summary>
/// Dot-separated identifier lists (prereleases, and build metadata for tie-breaks) ordered as Masterminds semver
/// v3.4.0 <c>comparePrerelease</c>/<c>comparePrePart</c> order prereleases.
/// </summary>
internal static class PrereleaseOrder
{
    /// <summary>
    /// Compares two identifier lists: identifier by identifier, a missing identifier is lower; identifiers that both
    /// parse as unsigned 64-bit integers compare numerically; a numeric identifier is lower than a non-numeric one;
    /// two non-numeric identifiers compare ordinally. Returns -1, 0 or 1.
    /// </summary>
    public static int Compare(string left, string right)
    {
        var leftParts = left.Split('.');
        var rightParts = right.Split('.');
        var count = Math.Max(leftParts.Length, rightParts.Length);
        for (var i = 0; i < count; i++)
        {
            var result = CompareIdentifier(
                i < leftParts.Length ? leftParts[i] : string.Empty,
                i < rightParts.Length ? rightParts[i] : string.Empty);
            if (result != 0)
            {
                return result;
            }
        }

        return 0;
    }

    /// <summary>
    /// True when every numeric identifier of <paramref name="prerelease"/> is free of leading zeros (Masterminds
    /// <c>validatePrerelease</c>; the characters and non-empty identifiers are checked by the caller's scanner).
    /// </summary>
    public static bool IsValidPrerelease(string prerelease)
    {
        foreach (var identifier in prerelease.Split('.'))
        {
            if (identifier.Length > 1 && identifier[0] == '0' && identifier.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        return true;
    }

    private static int CompareIdentifier(string left, string right)
    {
        if (left == right)
        {
            return 0;
        }

        if (left.Length == 0)
        {
            return -1;
        }

        if (right.Length == 0)
        {
            return 1;
        }

        var leftIsNumber = ulong.TryParse(left, NumberStyles.None, CultureInfo.InvariantCulture, out var leftNumber);
        var rightIsNumber = ulong.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out var rightNumber);
        return (leftIsNumber, rightIsNumber) switch
        {
            (false, false) => Math.Sign(string.CompareOrdinal(left, right)),
            (true, false) => -1,
            (false, true) => 1,
            // Equal numbers with different text (leading zeros) cannot come from a validated version; order them
            // ordinally so this stays a total order.
            _ => leftNumber != rightNumber ? leftNumber.CompareTo(rightNumber) : Math.Sign(string.CompareOrdinal(left, right)),
        };
    }
}
