using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Berth.Transport;

/// <summary>
/// Logs each request's method, redacted URL, status and time. Headers are never logged, so
/// Authorization and tokens cannot leak through it.
/// </summary>
// CA1873: arguments are computed only after the IsEnabled check above them.
#pragma warning disable CA1873
public sealed partial class RedactingLoggingHandler(ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var started = Stopwatch.GetTimestamp();
        var url = UrlRedactor.Redact(request.RequestUri);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            LogResponse(logger, request.Method, url, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            LogFailure(logger, request.Method, url, ex.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Url} -> {Status} in {Elapsed:F0} ms")]
    private static partial void LogResponse(ILogger logger, HttpMethod method, string url, int status, double elapsed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Url} failed ({Error}) after {Elapsed:F0} ms")]
    private static partial void LogFailure(ILogger logger, HttpMethod method, string url, string error, double elapsed);
}
