using Microsoft.Extensions.Logging;

namespace OciSource.Runtime.Logging;

/// <summary>The <c>--log-level</c> values, the per-category minimum and the names the two encodings print.</summary>
internal static class LogLevels
{
    /// <summary>trace→Trace, debug→Debug, error→Error, anything else (info)→Information.</summary>
    public static LogLevel FromFlag(string flag) => flag switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };

    /// <summary>
    /// The least level written for <paramref name="category"/>: Warning for <c>Microsoft</c> and <c>Microsoft.*</c>
    /// (any case; the framework's information lines are noise), <paramref name="minimum"/> for everything else. As
    /// the former library's override, Warning holds for those categories even under <c>--log-level=error</c>.
    /// </summary>
    public static LogLevel MinimumFor(string category, LogLevel minimum)
    {
        const string Framework = "Microsoft";
        var framework = category.StartsWith(Framework, StringComparison.OrdinalIgnoreCase)
            && (category.Length == Framework.Length || category[Framework.Length] == '.');
        return framework ? LogLevel.Warning : minimum;
    }

    /// <summary>The JSON <c>@l</c> value (CLEF's level names); null for Information, which JSON lines omit.</summary>
    public static string? JsonName(LogLevel level) => level switch
    {
        LogLevel.Trace => "Verbose",
        LogLevel.Debug => "Debug",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Fatal",
        _ => null,
    };

    /// <summary>The four-letter console moniker.</summary>
    public static string ConsoleName(LogLevel level) => level switch
    {
        LogLevel.Trace => "VERB",
        LogLevel.Debug => "DBUG",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "EROR",
        LogLevel.Critical => "FATL",
        _ => "INFO",
    };
}
