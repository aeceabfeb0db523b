using System.Text;

namespace OciSource.Benchmarks.Scale;

/// <summary>Markdown tables in a results file.</summary>
internal static class MarkdownTable
{
    /// <summary>Starts a table: the header row and its separator, after a blank line when the text does not end with one.</summary>
    public static StringBuilder Table(this StringBuilder text, params string[] headers)
    {
        if (text.Length > 0 && !text.ToString().EndsWith("\n\n", StringComparison.Ordinal))
        {
            text.AppendLine();
        }

        return text.Row(headers).AppendLine("|" + string.Concat(headers.Select(_ => "---|")));
    }

    /// <summary>One row; the cells must not contain a line break.</summary>
    public static StringBuilder Row(this StringBuilder text, params string[] cells) =>
        text.AppendLine("| " + string.Join(" | ", cells) + " |");
}
