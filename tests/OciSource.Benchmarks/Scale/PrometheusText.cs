using System.Globalization;

namespace OciSource.Benchmarks.Scale;

/// <summary>A scrape of a Prometheus text endpoint: sample lines by metric name, summed over matching labels.</summary>
internal sealed class PrometheusText(string text)
{
    /// <summary>
    /// The sum of the samples of <paramref name="name"/> (exactly that name) whose label text contains every one of
    /// <paramref name="labels"/> (e.g. <c>verb="PATCH"</c>); 0 when there are none.
    /// </summary>
    public double Sum(string name, params string[] labels)
    {
        var total = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }

            var valueStart = line.LastIndexOf(' ');
            var labelText = line[name.Length..valueStart];
            if (labels.All(l => labelText.Contains(l, StringComparison.Ordinal)))
            {
                total += double.Parse(line[(valueStart + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>Every distinct value of <paramref name="label"/> among the samples of <paramref name="name"/>.</summary>
    public IEnumerable<string> LabelValues(string name, string label)
    {
        var prefix = label + "=\"";
        return text.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(prefix, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..])
            .Select(rest => rest[..rest.IndexOf('"', StringComparison.Ordinal)])
            .Distinct(StringComparer.Ordinal);
    }
}
