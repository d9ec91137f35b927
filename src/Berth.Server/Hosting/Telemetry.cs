using Berth.Diagnostics;
using Berth.Server.Auth;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Berth.Server.Hosting;

/// <summary>
/// Metrics through OpenTelemetry, scraped by Prometheus at <c>/metrics</c>: ASP.NET Core's HTTP server metrics,
/// outgoing HTTP client metrics, and Berth's own instruments (<see cref="BerthMetrics"/>, names prefixed
/// <c>berth_</c>). Requests carry a trace id (W3C trace context, passed on to registries), and every log line
/// written while serving one carries it in its scope, so a log line and a request's metrics can be matched up.
/// </summary>
internal static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static void AddBerthTelemetry(this WebApplicationBuilder builder, BerthServerOptions options)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (options.JsonLogs)
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true);
        }

        builder.Services.AddOpenTelemetry()
            // No trace exporter: spans exist for their ids (logs, traceparent to registries), never recorded or sent.
            .WithTracing(t => t.SetSampler(new AlwaysOffSampler()).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(BerthMetrics.MeterName)
                .AddPrometheusExporter());
        builder.Services.AddHostedService<CredentialExpiryObserver>();
    }

    /// <summary>Open to anyone by default, as Prometheus scrapes; <see cref="MetricsAccess.Token"/> asks for any valid API token.</summary>
    public static void MapBerthMetrics(this WebApplication app, BerthServerOptions options)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription();
        if (options.Metrics == MetricsAccess.Token)
        {
            endpoint.RequireAuthorization(BerthClaims.AnyRolePolicy);
        }
        else
        {
            endpoint.AllowAnonymous();
        }
    }
}
