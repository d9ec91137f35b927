using System.Net;
using System.Net.Http.Json;
using Berth.Server.Hosting;
using Berth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Berth.Server.Tests;

/// <summary>
/// /metrics after real traffic: HTTP server metrics, registry requests per connection with status classes, token
/// refreshes and their failures, credential expiry and job runs, all under berth_ names; restricted on request.
/// </summary>
[Collection(MetricsAlone.Name)]
public sealed class MetricsTests : IAsyncLifetime
{
    private const string User = "metrics-user";
    private const string Password = "metrics-password-1234";
    private TokenIssuer _issuer = null!;
    private RegistryServer _registry = null!;

    public async Task InitializeAsync()
    {
        _issuer = await TokenIssuer.StartAsync(new TokenIssuerOptions
        {
            Users = new Dictionary<string, string> { [User] = Password },
            Grants = new Dictionary<string, IReadOnlyList<AccessGrant>> { [User] = [new AccessGrant("*", "*"), AccessGrant.Catalog] },
        });
        _registry = await RegistryServer.StartAsync(new RegistryOptions { TokenIssuer = _issuer });
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task A_scrape_after_traffic_names_every_metric_with_its_labels()
    {
        await using var server = await ServerHarness.StartAsync(o => o with { BackgroundJobs = true, BackgroundInterval = TimeSpan.FromSeconds(1) });
        using var admin = server.Client(server.AdminToken);
        var url = $"http://127.0.0.1:{_registry.Port}";
        using (var created = await admin.PostAsJsonAsync("api/v1/registries", new { name = "scraped", type = "generic", url, username = User, password = Password }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var refused = await admin.PostAsJsonAsync("api/v1/registries", new { name = "refused", type = "generic", url, username = User, password = "wrong-password-5678" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/v1/registries/scraped/repositories?refresh=true")).StatusCode);

        // The expiry gauge follows the database (here: as a renewal on another replica would leave it).
        var id = (await Json.ReadAsync(await admin.GetAsync("api/v1/registries/scraped"))).GetProperty("id").GetGuid();
        await server.Server.Stores.Connections.RecordCredentialExpiryAsync(id, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        await server.Server.App.Services.GetServices<IHostedService>().OfType<CredentialExpiryObserver>().Single().ObserveAsync(CancellationToken.None);

        using var anonymous = server.Client(null);
        string text = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && !text.Contains("berth_job_runs_total{", StringComparison.Ordinal))
        {
            using var scrape = await anonymous.GetAsync("metrics");
            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
            Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            text = await scrape.Content.ReadAsStringAsync();
            await Task.Delay(200);
        }

        var lines = text.Split('\n');
        void Has(string metric, params string[] labels) => Assert.True(
            lines.Any(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal))),
            $"no {metric} with {string.Join(", ", labels)} in:\n{string.Join('\n', lines.Where(l => l.StartsWith(metric, StringComparison.Ordinal)).Take(20))}");

        Has("http_server_request_duration_seconds_bucket", "http_route=\"/api/v1/registries/\"", "http_response_status_code=\"201\"");
        Has("berth_registry_requests_total", "connection=\"scraped\"", "peer=\"registry\"", "status_class=\"2xx\"", "method=\"GET\"");
        Has("berth_registry_requests_total", "connection=\"refused\"", "peer=\"token_service\"", "status_class=\"4xx\"");
        Has("berth_registry_request_duration_seconds_bucket", "connection=\"scraped\"", "status_class=\"2xx\"");
        Has("berth_token_refreshes_total", "connection=\"scraped\"", "outcome=\"ok\"");
        Has("berth_token_refreshes_total", "connection=\"refused\"", "outcome=\"failed\"");
        Has("berth_credential_expiry_seconds", "connection=\"scraped\"");
        Has("berth_job_runs_total", "job=\"health\"", "outcome=\"ok\"");
        Has("berth_job_duration_seconds_bucket", "job=\"credentials\"");
        var expiry = lines.First(l => l.StartsWith("berth_credential_expiry_seconds{", StringComparison.Ordinal) && l.Contains("connection=\"scraped\"", StringComparison.Ordinal));
        Assert.InRange(double.Parse(expiry.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), 3000, 3600);

        // No secret ever reaches a label or a value.
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(server.AdminToken!, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_server_in_the_same_process_never_removes_this_servers_credential_expiries()
    {
        // The gauge is process-wide (one Meter); each server's observer reads only its own database. A second server
        // observing a database without this connection must leave this server's row alone, as parallel tests do.
        await using var first = await ServerHarness.StartAsync();
        await using var second = await ServerHarness.StartAsync();
        using var admin = first.Client(first.AdminToken);
        using (var created = await admin.PostAsJsonAsync("api/v1/registries?verify=false", new { name = "observed-here", type = "generic", url = "127.0.0.1:5999", username = User, password = Password }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var id = (await Json.ReadAsync(await admin.GetAsync("api/v1/registries/observed-here"))).GetProperty("id").GetGuid();
        await first.Server.Stores.Connections.RecordCredentialExpiryAsync(id, DateTimeOffset.UtcNow.AddHours(2), CancellationToken.None);
        await ObserverOf(first).ObserveAsync(CancellationToken.None);
        await ObserverOf(second).ObserveAsync(CancellationToken.None);

        using var anonymous = first.Client(null);
        using var scrape = await anonymous.GetAsync("metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.True(HasExpiry(text, "observed-here"), text);
    }

    private static bool HasExpiry(string scrape, string connection) =>
        scrape.Split('\n').Any(l => l.StartsWith("berth_credential_expiry_seconds{", StringComparison.Ordinal) && l.Contains($"connection=\"{connection}\"", StringComparison.Ordinal));

    private static CredentialExpiryObserver ObserverOf(ServerHarness server) =>
        server.Server.App.Services.GetServices<IHostedService>().OfType<CredentialExpiryObserver>().Single();

    [Fact]
    public async Task Restricted_metrics_refuse_anonymous_scrapes_and_answer_a_token()
    {
        await using var server = await ServerHarness.StartAsync(o => o with { Metrics = MetricsAccess.Token });
        using var anonymous = server.Client(null);
        using var refused = await anonymous.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client(server.AdminToken).GetAsync("metrics")).StatusCode);
        Assert.Equal(MetricsAccess.Token, BerthServerOptions.FromArgs([], n => n == "BERTH_METRICS" ? "token" : null).Metrics);
        Assert.Contains("BERTH_METRICS", Assert.Throws<ArgumentException>(() => BerthServerOptions.FromArgs([], n => n == "BERTH_METRICS" ? "public" : null)).Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// Scrapes run alone, after the parallel tests: OpenTelemetry follows every same-named meter in the process, so other
/// servers of this test process add their requests to a scrape, and one of them stopping can drop a shared stream.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsAlone
{
    public const string Name = "metrics";
}
