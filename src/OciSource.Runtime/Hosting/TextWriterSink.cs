using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace OciSource.Runtime.Hosting;

/// <summary>Writes each Serilog event through a formatter to a text writer, one at a time.</summary>
internal sealed class TextWriterSink(TextWriter output, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, output);
            output.Flush();
        }
    }
}
