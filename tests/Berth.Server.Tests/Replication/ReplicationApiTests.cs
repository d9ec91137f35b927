using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Connections.Tokens;
using Berth.Testing;

namespace Berth.Server.Tests.Replication;

/// <summary>Replication policies over the API between two real registries, on the single-node SQLite store.</summary>
public sealed class ReplicationApiTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_policy_with_a_failing_repository_reports_it_and_still_copies_the_rest()
    {
        await using var mirror = await RegistryServer.StartAsync(new RegistryOptions());
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await ConnectAsync(admin, registry, mirror.Port);
        using var member = server.Client(await server.CreateTokenAsync("default", ApiTokenRole.Member));

        using var created = await member.PostAsJsonAsync("api/v1/replications", new
        {
            name = "mirror-team",
            sourceRegistry = "source",
            repositories = new[] { "team/app", "team/missing", "tools/cli" },
            tagsRegex = "^(1\\.0|latest)$",
            destinationRegistry = "mirror",
            destinationNamespace = "copies",
            onChange = false,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var policy = await Json.ReadAsync(created);
        Assert.Equal("source", policy.GetProperty("sourceRegistry").GetString());

        var run = await RunToEndAsync(member, "mirror-team");
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("copied").GetInt32());
        Assert.Equal(1, run.GetProperty("failed").GetInt32());
        var images = run.GetProperty("images").EnumerateArray().ToList();
        var missing = Assert.Single(images, i => i.GetProperty("status").GetString() == "failed");
        Assert.Contains("team/missing", missing.GetProperty("source").GetString());
        Assert.False(string.IsNullOrWhiteSpace(missing.GetProperty("reason").GetString()));
        var copied = await Json.ReadAsync(await member.GetAsync("api/v1/registries/mirror/manifest?repository=copies/team/app&reference=1.0"));
        Assert.Equal(registry.Digest10, copied.GetProperty("digest").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("api/v1/registries/mirror/manifest?repository=copies/team/app&reference=2.0")).StatusCode);

        // A second run finds everything in place; runs list newest first.
        var again = await RunToEndAsync(member, "mirror-team");
        Assert.Equal(0, again.GetProperty("copied").GetInt32());
        Assert.Equal(2, again.GetProperty("unchanged").GetInt32());
        var runs = (await Json.ReadAsync(await member.GetAsync("api/v1/replications/mirror-team/runs"))).EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal(again.GetProperty("id").GetGuid(), runs[0].GetProperty("id").GetGuid());

        // The connection lists the policy among its dependents; the audit log has the changes.
        using var remove = await admin.DeleteAsync("api/v1/registries/source");
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.Contains("replication policy mirror-team", await remove.Content.ReadAsStringAsync());
        var actions = (await Json.ReadAsync(await admin.GetAsync("api/v1/audit?limit=100"))).EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("replication.create", actions);
        Assert.Contains("replication.run", actions);

        // Other organizations do not see it; ci tokens may not use replication; delete removes it.
        using var other = server.Client(await server.CreateTokenAsync("org-b", ApiTokenRole.Admin));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("api/v1/replications/mirror-team/runs")).StatusCode);
        using var ci = server.Client(await server.CreateTokenAsync("default", ApiTokenRole.Ci, "source"));
        Assert.Equal(HttpStatusCode.Forbidden, (await ci.GetAsync("api/v1/replications")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await member.DeleteAsync("api/v1/replications/mirror-team")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync("api/v1/replications/mirror-team")).StatusCode);
    }

    [Fact]
    public async Task An_on_change_policy_runs_when_the_listing_refresh_sees_a_new_tag()
    {
        using var images = new TempDirectory("berth-on-change");
        await using var source = await RegistryServer.StartAsync(new RegistryOptions());
        await using var mirror = await RegistryServer.StartAsync(new RegistryOptions());
        var first = await TestImages.CreateAsync(images.CreateSubdirectory("a"), "1", new TestImageSpec { Seed = 31 });
        await RegistrySeeder.PushWithHttpAsync(first, source, "watch/app", "1");
        await using var server = await ServerHarness.StartAsync(o => o with
        {
            BackgroundJobs = true,
            BackgroundInterval = TimeSpan.FromSeconds(1),
            DefaultCacheInterval = TimeSpan.FromSeconds(1),
            HealthInterval = TimeSpan.FromHours(1),
            JobIdleWait = TimeSpan.FromSeconds(1),
        });
        using var admin = server.Client(server.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries", new { name = "source", type = "generic", url = $"http://127.0.0.1:{source.Port}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries", new { name = "mirror", type = "generic", url = $"http://127.0.0.1:{mirror.Port}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/replications", new
        {
            name = "watch",
            sourceRegistry = "source",
            repositories = new[] { "watch/app" },
            destinationRegistry = "mirror",
            destinationNamespace = "watched",
            onChange = true,
        })).StatusCode);
        // Browsing the tags puts the repository in the listing cache the refresh keeps fresh.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/v1/registries/source/tags?repository=watch/app")).StatusCode);
        await Task.Delay(2500);
        Assert.Empty((await Json.ReadAsync(await admin.GetAsync("api/v1/replications/watch/runs"))).EnumerateArray());

        var second = await TestImages.CreateAsync(images.CreateSubdirectory("b"), "2", new TestImageSpec { Seed = 32 });
        var digest = await RegistrySeeder.PushWithHttpAsync(second, source, "watch/app", "2");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement run = default;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            var runs = (await Json.ReadAsync(await admin.GetAsync("api/v1/replications/watch/runs"))).EnumerateArray().ToList();
            if (runs.Count > 0 && runs[^1].GetProperty("status").GetString() is "succeeded" or "failed")
            {
                run = runs[^1];
                break;
            }
        }

        Assert.Equal(JsonValueKind.Object, run.ValueKind);
        Assert.Equal("change", run.GetProperty("trigger").GetString());
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var copied = await Json.ReadAsync(await admin.GetAsync("api/v1/registries/mirror/manifest?repository=watched/watch/app&reference=2"));
        Assert.Equal(digest, copied.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Invalid_policies_are_refused_field_by_field()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await ConnectAsync(admin, registry, null);
        using var refused = await admin.PostAsJsonAsync("api/v1/replications", new
        {
            name = "bad name",
            sourceRegistry = "source",
            repositoriesRegex = "([",
            semver = ">=banana",
            destinationRegistry = "nowhere",
            destinationNamespace = "Upper/Case",
            cron = "every monday",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await Json.ReadAsync(refused)).GetProperty("errors");
        foreach (var field in new[] { "name", "repositoriesRegex", "semver", "destinationRegistry", "destinationNamespace", "cron" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Contains("seconds first", errors.GetProperty("cron")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("api/v1/replications/nothing/run", null)).StatusCode);
    }

    internal static async Task ConnectAsync(HttpClient admin, RegistryFixture registry, int? mirrorPort)
    {
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries",
            new { name = "source", type = "generic", url = registry.Url, username = RegistryFixture.Username, password = RegistryFixture.Password })).StatusCode);
        if (mirrorPort is { } port)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries", new { name = "mirror", type = "generic", url = $"http://127.0.0.1:{port}" })).StatusCode);
        }
    }

    internal static async Task<JsonElement> RunToEndAsync(HttpClient client, string policy, TimeSpan? timeout = null)
    {
        using var started = await client.PostAsync($"api/v1/replications/{policy}/run", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = await Json.ReadAsync(started);
        Assert.Equal("queued", run.GetProperty("status").GetString());
        return await WaitFinishedAsync(client, policy, run.GetProperty("id").GetGuid(), timeout);
    }

    internal static async Task<JsonElement> WaitFinishedAsync(HttpClient client, string policy, Guid id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        JsonElement run;
        do
        {
            await Task.Delay(200);
            run = await Json.ReadAsync(await client.GetAsync($"api/v1/replications/{policy}/runs/{id:D}"));
        }
        while (run.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);
        return run;
    }
}
