using Microsoft.Extensions.Logging;

namespace Berth.Cli.Output;

/// <summary>
/// <c>--debug</c>: one line per log event on stderr. The transport's logging handler only ever logs
/// method, redacted URL and status, so nothing secret can reach it.
/// </summary>
internal sealed class StderrLogger(TextWriter error) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (error)
        {
            error.WriteLine($"debug: {formatter(state, exception)}");
        }
    }
}
