using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Testing;
using Berth.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Server.Tests;

/// <summary>
/// Rate-limit budgets are recorded by the core, whichever front end or job talks to the registry: here a server copy
/// job and a browse through the API, behind Docker Hub's documented pull-rate headers in front of a real registry.
/// </summary>
public sealed class RateLimitRecordingTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_copy_job_records_the_registry_budget_and_the_single_registry_answer_shows_it()
    {
        await using var hub = await RateLimitedFront.StartAsync(registry.Registry, limit: 100, remaining: 40, windowSeconds: 21600);
        await using var mirror = await RegistryServer.StartAsync(new RegistryOptions());
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries?verify=false",
            new { name = "hub", type = "generic", url = hub.BaseUri.ToString().TrimEnd('/'), username = RegistryFixture.Username, password = RegistryFixture.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries?verify=false", new { name = "mirror", type = "generic", url = $"http://127.0.0.1:{mirror.Port}" })).StatusCode);
        var before = await Json.ReadAsync(await admin.GetAsync("api/v1/registries/hub"));
        Assert.Equal(JsonValueKind.Null, before.GetProperty("rateLimit").ValueKind);

        using var started = await admin.PostAsJsonAsync("api/v1/copies", new { source = $"{hub.Host}/team/app:1.0", target = $"127.0.0.1:{mirror.Port}/copied/app:1.0" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await Json.ReadAsync(started)).GetProperty("id").GetGuid();
        var job = await Json.ReadAsync(await admin.GetAsync($"api/v1/copies/{id:D}"));
        for (var i = 0; i < 240 && job.GetProperty("status").GetString() is "queued" or "running"; i++)
        {
            await Task.Delay(250);
            job = await Json.ReadAsync(await admin.GetAsync($"api/v1/copies/{id:D}"));
        }

        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        Assert.True(hub.Remaining < 40, "the copy read the manifest with GET, which counts against the quota");

        var shown = (await Json.ReadAsync(await admin.GetAsync("api/v1/registries/hub"))).GetProperty("rateLimit");
        Assert.Equal(100, shown.GetProperty("limit").GetInt32());
        Assert.Equal(hub.Remaining, shown.GetProperty("remaining").GetInt32());
        Assert.Equal(21600, shown.GetProperty("windowSeconds").GetInt32());
        Assert.Equal(JsonValueKind.Null, (await Json.ReadAsync(await admin.GetAsync("api/v1/registries/mirror"))).GetProperty("rateLimit").ValueKind);

        // A browse through the API records the next budget too, and it reaches the store (another process sees it).
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/v1/registries/hub/manifest?repository=team/app&reference=1.0")).StatusCode);
        var left = hub.Remaining;
        Assert.Equal(left, (await Json.ReadAsync(await admin.GetAsync("api/v1/registries/hub"))).GetProperty("rateLimit").GetProperty("remaining").GetInt32());
        var hubId = before.GetProperty("id").GetGuid();
        await server.Server.App.Services.GetRequiredService<Berth.Connections.Providers.RegistryClientFactory>().RateLimits!.FlushAsync();
        await using var limits = await Berth.Connections.Storage.RateLimitStoreFactory.OpenAsync(null, server.DataDirectory, TimeProvider.System, CancellationToken.None);
        Assert.Equal(left, (await limits.GetAsync(hubId, CancellationToken.None))!.Budget.Remaining);
    }
}
