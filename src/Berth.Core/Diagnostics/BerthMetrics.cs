using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Berth.Diagnostics;

/// <summary>
/// Berth's own instruments, on one <see cref="Meter"/> named <see cref="MeterName"/> that the CLI and the server share
/// (System.Diagnostics.Metrics: no exporter here, nothing recorded unless a listener such as the server's
/// OpenTelemetry pipeline subscribes). Prometheus names follow from the instrument names: dots become underscores,
/// the unit is appended and counters end in <c>_total</c> (e.g. <c>berth_registry_requests_total</c>).
/// </summary>
public static class BerthMetrics
{
    public const string MeterName = "Berth";

    private static readonly Meter Meter = new(MeterName, typeof(BerthMetrics).Assembly.GetName().Version?.ToString(3));

    private static readonly Counter<long> RegistryRequests = Meter.CreateCounter<long>(
        "berth.registry.requests", "{request}", "HTTP requests to registries and their token services, per connection");

    private static readonly Histogram<double> RegistryRequestDuration = Meter.CreateHistogram(
        "berth.registry.request.duration",
        "s",
        "Time to the response headers of requests to registries and their token services, per connection",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30] });

    private static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>(
        "berth.token.refreshes", "{refresh}", "Registry bearer tokens fetched from token services, by outcome");

    private static readonly Counter<long> CredentialRefreshes = Meter.CreateCounter<long>(
        "berth.credential.refreshes", "{refresh}", "Short-lived registry credentials obtained from providers (ECR, GAR, ACR ...), by outcome");

    private static readonly Counter<long> JobRuns = Meter.CreateCounter<long>(
        "berth.job.runs", "{run}", "Background job runs, by job kind and outcome");

    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram(
        "berth.job.duration",
        "s",
        "Background job run time, by job kind and outcome",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] });

    private static readonly ConcurrentDictionary<string, long> RateLimitRemaining = new(StringComparer.Ordinal);

    // Per owner (one server's view of its own database), so servers sharing a process never prune each other's rows.
    private static readonly ConcurrentDictionary<object, IReadOnlyDictionary<string, DateTimeOffset>> CredentialExpiries = new(ReferenceEqualityComparer.Instance);

    static BerthMetrics()
    {
        Meter.CreateObservableGauge(
            "berth.registry.rate_limit.remaining",
            () => RateLimitRemaining.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("connection", r.Key))),
            "{request}",
            "Requests left in the registry's current rate-limit window (its last RateLimit-Remaining header), per connection");
        Meter.CreateObservableGauge(
            "berth.credential.expiry",
            () =>
            {
                var now = TimeProvider.System.GetUtcNow();
                return CredentialExpiries.Values.SelectMany(owner => owner)
                    .Select(e => new Measurement<double>((e.Value - now).TotalSeconds, new KeyValuePair<string, object?>("connection", e.Key)));
            },
            "s",
            "Seconds until the connection's current short-lived credential expires (negative: expired)");
    }

    /// <summary>One request to a registry or token service: its connection, method, status class (2xx … 5xx, or error) and time.</summary>
    public static void RecordRequest(string connection, string peer, string method, int? status, TimeSpan elapsed)
    {
        if (!RegistryRequests.Enabled && !RegistryRequestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "connection", connection },
            { "peer", peer },
            { "method", method },
            { "status_class", status is { } s ? $"{s / 100}xx" : "error" },
        };
        RegistryRequests.Add(1, tags);
        RegistryRequestDuration.Record(elapsed.TotalSeconds, tags);
    }

    public static void RecordTokenRefresh(string connection, bool ok) =>
        TokenRefreshes.Add(1, new KeyValuePair<string, object?>("connection", connection), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));

    public static void RecordCredentialRefresh(string connection, string type, bool ok) =>
        CredentialRefreshes.Add(
            1,
            new KeyValuePair<string, object?>("connection", connection),
            new KeyValuePair<string, object?>("type", type),
            new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));

    /// <summary>The remaining budget a registry announced for the connection (Docker Hub's <c>RateLimit-Remaining</c>).</summary>
    public static void SetRateLimitRemaining(string connection, long remaining) => RateLimitRemaining[connection] = remaining;

    /// <summary>
    /// Replaces everything <paramref name="owner"/> reports for the expiry gauge: the connections of its database that
    /// have an expiry. Each owner reports and replaces only its own rows: two servers in one process (tests, embedded
    /// hosts) never remove each other's, and a removed or renamed connection goes with its owner's next report.
    /// </summary>
    public static void ReportCredentialExpiries(object owner, IReadOnlyDictionary<string, DateTimeOffset> expiries)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(expiries);
        CredentialExpiries[owner] = expiries;
    }

    /// <summary>Drops <paramref name="owner"/>'s rows (its server stopped).</summary>
    public static void ForgetCredentialExpiries(object owner) => CredentialExpiries.TryRemove(owner, out _);

    public static void RecordJobRun(string job, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "job", job }, { "outcome", outcome } };
        JobRuns.Add(1, tags);
        JobDuration.Record(elapsed.TotalSeconds, tags);
    }
}
