using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Berth.Server.Tests.Browser;
using Berth.Testing;

namespace Berth.Server.Tests;

/// <summary>
/// The API's manifest endpoint and the dashboard's manifest page answer within the server's browse time when the
/// registry stalls, instead of hanging until the caller gives up.
/// </summary>
public sealed class HostileBrowseTests
{
    private static readonly TimeSpan Browse = TimeSpan.FromSeconds(3);

    private static async Task<(ServerHarness Server, HostileRegistry Registry)> StartAsync(HostileBehavior behavior)
    {
        var registry = await HostileRegistry.StartAsync(behavior);
        var server = await ServerHarness.StartAsync(o => o with { BrowseTimeout = Browse });
        using var admin = server.Client(server.AdminToken);
        using var created = await admin.PostAsJsonAsync("api/v1/registries?verify=false",
            new { name = "hostile", type = "generic", url = "http://" + registry.Host, username = "u", password = "secret-password-1234" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (server, registry);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_api_answers_a_stalled_manifest_with_502_within_the_browse_time()
    {
        var (server, registry) = await StartAsync(HostileBehavior.StallingManifest);
        await using var _ = server;
        await using var __ = registry;
        using var admin = server.Client(server.AdminToken);

        var clock = Stopwatch.StartNew();
        using var response = await admin.GetAsync("api/v1/registries/hostile/manifest?repository=team/app&reference=1.0");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains($"cannot reach registry {registry.Host}: inspecting team/app:1.0 took longer than the 3 s a browse may take", body, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, Browse * 0.9, Browse * 3);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_dashboard_shows_a_stalled_config_as_an_error_within_the_browse_time()
    {
        var (server, registry) = await StartAsync(HostileBehavior.StallingBlob);
        await using var _ = server;
        await using var __ = registry;
        using var dashboard = await DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!);

        var clock = Stopwatch.StartNew();
        var html = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync("images/hostile/manifest?repository=team/app&reference=1.0"));

        Assert.Contains($"Could not read the manifest: cannot reach registry {registry.Host}: inspecting team/app:1.0 took longer than the 3 s a browse may take", html, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, Browse * 0.9, Browse * 3);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_api_lists_tags_of_a_registry_that_pages_forever_as_a_clear_failure()
    {
        var (server, registry) = await StartAsync(HostileBehavior.EndlessTagPages);
        await using var _ = server;
        await using var __ = registry;
        using var admin = server.Client(server.AdminToken);

        using var response = await admin.GetAsync("api/v1/registries/hostile/tags?repository=team/app");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("stopped at the limit of 1,000 pages", body, StringComparison.Ordinal);
    }
}
