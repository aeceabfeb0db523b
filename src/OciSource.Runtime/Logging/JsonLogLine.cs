using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace OciSource.Runtime.Logging;

/// <summary>
/// <c>--log-encoding=json</c>: one JSON object per line, the fields of the rendered compact log event format (CLEF) in its order —
/// <c>@t</c> (UTC, round-trip form), <c>@m</c> (the rendered message), <c>@i</c> (<see cref="MessageTemplateHash"/> of
/// the template, 8 hex digits), <c>@l</c> (omitted for Information), <c>@x</c> (the exception), <c>@tr</c>/<c>@sp</c>
/// (the current activity's W3C trace and span), then <see cref="LogProperties"/>.
/// </summary>
internal static class JsonLogLine
{
    private static readonly JsonEncodedText Time = JsonEncodedText.Encode("@t");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("@m");
    private static readonly JsonEncodedText EventType = JsonEncodedText.Encode("@i");
    private static readonly JsonEncodedText Level = JsonEncodedText.Encode("@l");
    private static readonly JsonEncodedText Exception = JsonEncodedText.Encode("@x");
    private static readonly JsonEncodedText Trace = JsonEncodedText.Encode("@tr");
    private static readonly JsonEncodedText Span = JsonEncodedText.Encode("@sp");

    public static void Write(in LogRecord record, IBufferWriter<byte> buffer, Utf8JsonWriter json, LogProperties properties)
    {
        json.Reset(buffer);
        json.WriteStartObject();
        Span<byte> text = stackalloc byte[40];
        record.Timestamp.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture);
        json.WriteString(Time, text[..written]);
        json.WriteString(Message, record.Message);
        var template = LogProperties.TemplateOf(record);
        MessageTemplateHash.Compute(template).TryFormat(text, out written, "x8", CultureInfo.InvariantCulture);
        json.WriteString(EventType, text[..written]);
        if (LogLevels.JsonName(record.Level) is { } level)
        {
            json.WriteString(Level, level);
        }

        if (record.Exception is { } exception)
        {
            json.WriteString(Exception, ExceptionText.Of(exception));
        }

        if (record.Activity is { } activity && activity.TraceId != default)
        {
            // The activity keeps its ids' text: no allocation here.
            json.WriteString(Trace, activity.TraceId.ToHexString());
            json.WriteString(Span, activity.SpanId.ToHexString());
        }

        properties.Write(json, record, template, console: false);
        json.WriteEndObject();
        json.Flush();
        Utf8Text.Append(buffer, (byte)'\n');
    }
}
