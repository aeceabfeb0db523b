using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OciSource.Runtime.Hosting;
using OciSource.Runtime.Logging;

namespace OciSource.Runtime.Tests.Logging;

/// <summary>
/// The runtime's logging as the controller composes it — a default host (its console logger, activity tracking) with
/// <see cref="RuntimeServiceCollectionExtensions.AddControllerRuntime"/> — writing to <see cref="Output"/> with the
/// clock stopped at <see cref="Now"/>. The host's <c>Logging</c> configuration asks for Critical only, which the
/// flags must override.
/// </summary>
internal sealed class LoggingHarness : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 5, 19, 5, 123, TimeSpan.Zero);

    private readonly IHost _host;

    public LoggingHarness(string encoding, string level, TextWriter? output = null)
    {
        Output = output ?? new StringWriter();
        var options = new RuntimeOptions { LogEncoding = encoding, LogLevel = level };
        var provider = new LineLoggerProvider(Output, encoding == "console", LogLevels.FromFlag(level), new FakeTimeProvider(Now));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Logging:LogLevel:Default"] = "Critical";
        builder.Services.AddControllerRuntime(options, provider);
        _host = builder.Build();
        Factory = _host.Services.GetRequiredService<ILoggerFactory>();
    }

    public TextWriter Output { get; }

    public ILoggerFactory Factory { get; }

    /// <summary>The lines written so far.</summary>
    public string[] Lines => Output.ToString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose() => _host.Dispose();
}
