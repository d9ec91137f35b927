using System.Net;
using System.Security.Authentication;
using Berth.Errors;

namespace Berth.Transport;

/// <summary>
/// Retries 429 and transient 5xx answers, and dropped connections, for requests that can be sent
/// again, honouring <c>Retry-After</c>. Hand-written rather than a resilience pipeline because
/// whether a request may be repeated depends on its body (streamed uploads may not) and the wait
/// must come from the registry's own header.
/// </summary>
public sealed class RetryHandler(RetryPolicy policy, TimeProvider time) : DelegatingHandler
{
    private readonly Random _random = new();

    /// <summary>How many retries this handler has made (diagnostics and tests).</summary>
    public int Retries { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 0; ; attempt++)
        {
            var canRetry = attempt < policy.MaxRetries && RegistryRequestOptions.CanResend(request);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (canRetry && IsTransient(ex))
            {
                await Task.Delay(policy.Backoff(attempt, _random), time, cancellationToken).ConfigureAwait(false);
                Retries++;
                continue;
            }

            if (!canRetry || !ErrorCategories.IsTransientStatus(response.StatusCode))
            {
                return response;
            }

            var wait = RetryAfter(response) ?? policy.Backoff(attempt, _random);
            if (wait > policy.MaxRetryAfter || QuotaUsedUp(response))
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            Retries++;
        }
    }

    /// <summary>
    /// A 429 whose <c>RateLimit-Remaining</c> is 0 in a long window (Docker Hub: 6 h): no retry can succeed before the
    /// window moves on, so the answer goes back at once rather than after four more refusals that count against it.
    /// </summary>
    private static bool QuotaUsedUp(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        && RateLimitBudget.FromHeaders(response) is { Exhausted: true, Window: { } window } && window >= RateLimitBudget.LongWindow;

    private static bool IsTransient(HttpRequestException ex) =>
        ex.InnerException is not AuthenticationException &&
        ex.HttpRequestError is not (HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
            or HttpRequestError.ConnectionError);

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        RequestedDelay(response, time.GetUtcNow())
        ?? (response.StatusCode == HttpStatusCode.TooManyRequests ? policy.BaseDelay * 4 : null);

    /// <summary>The wait a response's <c>Retry-After</c> header asks for (seconds or a date), or null when it has none.</summary>
    public static TimeSpan? RequestedDelay(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
