using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OciSource.Runtime.Logging;

/// <summary>
/// Formats events into whole lines and writes each with one call to the output, one event at a time (a lock), so
/// concurrent loggers never interleave within a line. Allocation-light: the line is built in a UTF-8 buffer reused
/// across events (dropped again when one huge event grew it past <see cref="RetainedBytes"/>). Never throws: an event
/// that cannot be formatted or written (a closed standard error, a value whose <c>ToString</c> throws) is lost, and
/// only that one.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The JSON writer only ever writes into the in-memory buffer; it holds nothing to release.")]
internal sealed class LogLineWriter
{
    private const int InitialBytes = 4096;
    private const int RetainedBytes = 64 * 1024;

    // Only what JSON needs escaped: log lines are not HTML, and stack traces stay readable (<, >, ', + and non-ASCII as they are).
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly bool _console;
    private readonly LogProperties _properties = new();
    private readonly Utf8JsonWriter _json;
    private ArrayBufferWriter<byte> _bytes = new(InitialBytes);
    private char[] _chars = new char[InitialBytes];

    /// <param name="console">The console encoding (<see cref="ConsoleLogLine"/>) instead of JSON (<see cref="JsonLogLine"/>).</param>
    public LogLineWriter(TextWriter output, bool console)
    {
        _output = output;
        _console = console;
        _json = new Utf8JsonWriter(_bytes, JsonOptions);
    }

    public void Write(in LogRecord record)
    {
        lock (_gate)
        {
            try
            {
                _bytes.ResetWrittenCount();
                if (_console)
                {
                    ConsoleLogLine.Write(record, _bytes, _json, _properties);
                }
                else
                {
                    JsonLogLine.Write(record, _bytes, _json, _properties);
                }

                var count = Encoding.UTF8.GetCharCount(_bytes.WrittenSpan);
                if (_chars.Length < count)
                {
                    _chars = new char[Math.Max(count, _chars.Length * 2)];
                }

                var chars = Encoding.UTF8.GetChars(_bytes.WrittenSpan, _chars);
                _output.Write(_chars.AsSpan(0, chars));
                _output.Flush();
            }
            catch (Exception)
            {
                // The logging contract: a log call never fails its caller.
            }
            finally
            {
                if (_bytes.Capacity > RetainedBytes)
                {
                    _bytes = new ArrayBufferWriter<byte>(InitialBytes);
                    _chars = new char[InitialBytes];
                }
            }
        }
    }
}
