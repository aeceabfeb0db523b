using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace OciSource.Runtime.Logging;

/// <summary>
/// <c>--log-encoding=console</c>: the line the former output template <c>{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u4}
/// {Message:lj} {Properties:j}{NewLine}{Exception}</c> gave — UTC time to the millisecond, a four-letter level, the
/// rendered message, the <see cref="LogProperties"/> the message does not show as one JSON object, and the exception
/// on the following lines.
/// </summary>
internal static class ConsoleLogLine
{
    public static void Write(in LogRecord record, IBufferWriter<byte> buffer, Utf8JsonWriter json, LogProperties properties)
    {
        Span<byte> text = stackalloc byte[32];
        record.Timestamp.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        buffer.Write(text[..written]);
        Utf8Text.Append(buffer, (byte)' ');
        Utf8Text.Append(buffer, LogLevels.ConsoleName(record.Level));
        Utf8Text.Append(buffer, (byte)' ');
        Utf8Text.Append(buffer, record.Message);
        Utf8Text.Append(buffer, (byte)' ');
        json.Reset(buffer);
        json.WriteStartObject();
        properties.Write(json, record, LogProperties.TemplateOf(record), console: true);
        json.WriteEndObject();
        json.Flush();
        Utf8Text.Append(buffer, (byte)'\n');
        if (record.Exception is { } exception)
        {
            Utf8Text.Append(buffer, ExceptionText.Of(exception));
            Utf8Text.Append(buffer, (byte)'\n');
        }
    }
}
