using System.Diagnostics;
using Berth.Diagnostics;

namespace Berth.Transport;

/// <summary>
/// Records each request's count, time to headers and status class against its connection in
/// <see cref="BerthMetrics"/>, token fetches as token refreshes, and a registry's announced <c>RateLimit-Remaining</c>.
/// Sits outside retries, so a request retried three times counts once, with its whole wait.
/// </summary>
public sealed class MetricsHandler(string connection, string peer) : DelegatingHandler
{
    public const string RegistryPeer = "registry";

    public const string TokenServicePeer = "token_service";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            var status = (int?)response?.StatusCode;
            BerthMetrics.RecordRequest(connection, peer, request.Method.Method, status, Stopwatch.GetElapsedTime(started));
            if (peer == TokenServicePeer)
            {
                BerthMetrics.RecordTokenRefresh(connection, status is >= 200 and < 300);
            }
            else if (response is not null && Remaining(response) is { } remaining)
            {
                BerthMetrics.SetRateLimitRemaining(connection, remaining);
            }
        }
    }

    /// <summary>The count in <c>RateLimit-Remaining</c> (parsed as <see cref="RateLimitBudget"/> reads it); null when absent or not a count.</summary>
    internal static long? Remaining(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("RateLimit-Remaining", out var values)
        && RateLimitBudget.TryParseCount(values.FirstOrDefault(), out var remaining)
            ? remaining
            : null;
}
