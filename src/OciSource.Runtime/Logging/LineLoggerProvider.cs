using Microsoft.Extensions.Logging;

namespace OciSource.Runtime.Logging;

/// <summary>
/// The controller's logger provider (replacing a logging library whose destructuring is not trim-safe): every category writes
/// whole lines through one <see cref="LogLineWriter"/>. Scopes come from the logger factory's shared
/// <see cref="IExternalScopeProvider"/> (or a private one when used without a factory). Owns nothing that needs
/// releasing: the output is the caller's, and events logged after <see cref="Dispose"/> are still written.
/// </summary>
internal sealed class LineLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly LogLevel _minimum;
    private readonly TimeProvider _time;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <param name="console">The console encoding instead of JSON.</param>
    /// <param name="minimum">The least level written (categories under <c>Microsoft</c> start at Warning).</param>
    public LineLoggerProvider(TextWriter output, bool console, LogLevel minimum, TimeProvider time)
    {
        Writer = new LogLineWriter(output, console);
        _minimum = minimum;
        _time = time;
    }

    internal LogLineWriter Writer { get; }

    internal IExternalScopeProvider Scopes => Volatile.Read(ref _scopes);

    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, LogLevels.MinimumFor(categoryName, _minimum), this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Volatile.Write(ref _scopes, scopeProvider);

    internal DateTime UtcNow() => _time.GetUtcNow().UtcDateTime;

    public void Dispose()
    {
        // Nothing to release; see the class remarks.
    }
}
