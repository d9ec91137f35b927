using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Berth.Server.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace Berth.Server.Limits;

/// <summary>
/// The server's two request limits, one partitioned limiter for <c>UseRateLimiter</c> (placed after authentication,
/// so it knows who calls): failed authentications per client address (unknown, revoked or malformed tokens, failed
/// dashboard sign-ins) in a fixed one-minute window, and a token bucket per valid API token. Anonymous requests and
/// dashboard sessions are not counted: they reach nothing a token guards.
/// </summary>
internal sealed class RequestLimits : IDisposable
{
    private const string FailedMarker = "berth:auth-failed";

    public RequestLimits(BerthServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
    }

    public BerthServerOptions Options { get; }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>Marks the request as a failed authentication; the limiter then counts it against its address.</summary>
    public static void MarkFailed(HttpContext context) => context.Items[FailedMarker] = true;

    /// <summary>Which limit a request falls under (for the 429 answer and the metrics).</summary>
    public static RequestLimit LimitOf(HttpContext context) =>
        context.Items.ContainsKey(FailedMarker) ? RequestLimit.FailedAuthentications
        : context.User.FindFirst(BerthClaims.TokenId) is not null ? RequestLimit.TokenRequests
        : RequestLimit.None;

    /// <summary>
    /// For a sign-in form, which authenticates in its handler: whether the address used up its failed attempts
    /// (checked before the token, so a blocked address learns nothing about the tokens it tries), and when to retry.
    /// </summary>
    public bool IsBlocked(HttpContext context, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        retryAfter = TimeSpan.Zero;
        if (Options.FailedAuthenticationsPerMinute <= 0)
        {
            return false;
        }

        var marked = context.Items.ContainsKey(FailedMarker);
        MarkFailed(context);
        try
        {
            using var probe = Limiter.AttemptAcquire(context, 0);
            if (probe.IsAcquired)
            {
                return false;
            }

            retryAfter = probe.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            return true;
        }
        finally
        {
            if (!marked)
            {
                context.Items.Remove(FailedMarker);
            }
        }
    }

    /// <summary>Counts one failed sign-in against the request's address.</summary>
    public void CountFailure(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        MarkFailed(context);
        using var lease = Limiter.AttemptAcquire(context);
    }

    /// <summary>The 429 problem: which limit, its value, the setting that changes it, and when to retry.</summary>
    public async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problem(LimitOf(context), Address(context), seconds).ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>The problem answer for <paramref name="limit"/>, shared by the API and the sign-in form.</summary>
    public IResult Problem(RequestLimit limit, string address, int retryAfterSeconds)
    {
        var (name, value, setting, detail) = limit == RequestLimit.FailedAuthentications
            ? ("failed-authentications", Options.FailedAuthenticationsPerMinute, $"{nameof(BerthServerOptions.FailedAuthenticationsPerMinute)} / {BerthServerOptions.FailedAuthenticationsVariable}",
                $"more than {Options.FailedAuthenticationsPerMinute} failed authentications per minute from {address} (limit 'failed-authentications'); retry after {retryAfterSeconds} s")
            : ("token-requests", Options.TokenRequestsPerMinute, $"{nameof(BerthServerOptions.TokenRequestsPerMinute)} / {BerthServerOptions.TokenRequestsVariable}",
                $"this API token used its quota of {Options.TokenRequestsPerMinute} requests per minute (limit 'token-requests'); retry after {retryAfterSeconds} s");
        return Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too Many Requests",
            detail: detail,
            extensions: new Dictionary<string, object?>
            {
                ["limit"] = name,
                ["permitsPerMinute"] = value,
                ["setting"] = setting,
                ["retryAfterSeconds"] = retryAfterSeconds,
            });
    }

    public static string Address(HttpContext context) => context.Connection.RemoteIpAddress is { } ip ? Normalize(ip) : "unknown";

    public void Dispose() => Limiter.Dispose();

    private RateLimitPartition<string> Partition(HttpContext context)
    {
        switch (LimitOf(context))
        {
            case RequestLimit.FailedAuthentications when Options.FailedAuthenticationsPerMinute > 0:
                return RateLimitPartition.GetFixedWindowLimiter("failed:" + Address(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Options.FailedAuthenticationsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            case RequestLimit.TokenRequests when Options.TokenRequestsPerMinute > 0:
                return RateLimitPartition.GetTokenBucketLimiter("token:" + context.User.FindFirst(BerthClaims.TokenId)!.Value, _ => TokenBucket(Options.TokenRequestsPerMinute));
            default:
                return RateLimitPartition.GetNoLimiter("");
        }
    }

    /// <summary>A minute's quota may be spent at once (CI bursts), and refills evenly over the minute.</summary>
    private static TokenBucketRateLimiterOptions TokenBucket(int perMinute) => perMinute >= 60
        ? new() { TokenLimit = perMinute, TokensPerPeriod = perMinute / 60, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0 }
        : new() { TokenLimit = perMinute, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 / perMinute), QueueLimit = 0 };

    // An IPv4 client seen over a dual-stack socket is one address, whichever form it arrives in.
    private static string Normalize(IPAddress ip) => (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
}
