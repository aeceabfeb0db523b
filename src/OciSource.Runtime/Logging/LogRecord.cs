using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace OciSource.Runtime.Logging;

/// <summary>
/// One event as <see cref="LineLogger"/> hands it to <see cref="LogLineWriter"/>: everything captured on the logging
/// thread (the time, the rendered message, the state's properties, the current <see cref="Activity"/>); the scopes are
/// read from <see cref="Scopes"/>, which is why the writer runs on the logging thread too.
/// </summary>
/// <param name="Timestamp">UTC.</param>
/// <param name="Message">The message as the event's formatter rendered it.</param>
/// <param name="Properties">The state's key/value pairs (with <c>{OriginalFormat}</c>, as MEL's templates give), or null when the state is not a property list.</param>
internal readonly record struct LogRecord(
    DateTime Timestamp,
    LogLevel Level,
    string Category,
    EventId EventId,
    string Message,
    Exception? Exception,
    IEnumerable<KeyValuePair<string, object?>>? Properties,
    IExternalScopeProvider? Scopes,
    Activity? Activity);
