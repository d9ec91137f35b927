using System.Net;
using System.Net.Http.Json;
using Berth.Connections.Jobs;
using Berth.Connections.Secrets;
using Berth.Testing;
using Berth.Testing.Postgres;

namespace Berth.Server.Tests.Background;

/// <summary>Two server replicas on one throwaway PostgreSQL database: one bootstrap token, and every job slot run once by the clustered Quartz store.</summary>
public sealed class PostgresReplicaTests(PostgresCluster cluster, RegistryFixture registry) : IClassFixture<PostgresCluster>, IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Two_replicas_bootstrap_once_and_run_each_job_slot_once()
    {
        var database = await cluster.CreateDatabaseAsync();
        using var data = new TempDirectory("berth-replicas");
        // Replicas share the master key (here: one data directory; in production BERTH_MASTER_KEY).
        _ = AesGcmSecretProtector.Load(data.Path);
        BerthServerOptions Configure(BerthServerOptions o, string id) => o with
        {
            BackgroundJobs = true,
            BackgroundInterval = TimeSpan.FromSeconds(1),
            HealthInterval = TimeSpan.FromSeconds(2),
            DefaultCacheInterval = TimeSpan.FromSeconds(2),
            InstanceId = id,
        };

        var starting = new[] { "replica-a", "replica-b" }
            .Select(id => ServerHarness.StartAsync(o => Configure(o, id), data.Path, database))
            .ToArray();
        var replicas = await Task.WhenAll(starting);
        await using var a = replicas[0];
        await using var b = replicas[1];

        // Started together on an empty database: exactly one printed the bootstrap token.
        var tokens = replicas.Select(r => r.AdminToken).Where(t => t is not null).ToList();
        var token = Assert.Single(tokens);

        // A registry added through one replica is seen by the other.
        using var clientA = a.Client(token);
        using var clientB = b.Client(token);
        Assert.Equal(HttpStatusCode.Created, (await clientA.PostAsJsonAsync("api/v1/registries",
            new { name = "local", type = "generic", url = registry.Url, username = RegistryFixture.Username, password = RegistryFixture.Password })).StatusCode);
        var seen = await Json.ReadAsync(await clientB.GetAsync("api/v1/registries/local"));
        var connectionId = seen.GetProperty("id").GetGuid();

        // Let several slots pass.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string[] jobs = [Jobs.CredentialRenewalJob.Name, Jobs.HealthCheckJob.Name, Jobs.ListingRefreshJob.Name];
        while (DateTime.UtcNow < deadline && jobs.Any(job => DistinctSlots(a, b, job) < 5))
        {
            await Task.Delay(250);
        }

        var runs = a.Server.JobRuns.Runs.Select(r => (Replica: "a", Run: r)).Concat(b.Server.JobRuns.Runs.Select(r => (Replica: "b", Run: r))).ToList();
        var duplicates = runs.GroupBy(r => (r.Run.Job, r.Run.Slot)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Job}:{g.Key.Slot} by {string.Join("+", g.Select(r => r.Replica))}").ToList();
        Assert.True(duplicates.Count == 0, "job slots run twice: " + string.Join(", ", duplicates));
        foreach (var job in jobs)
        {
            Assert.True(runs.Count(r => r.Run.Job == job) >= 5, $"{job} ran {runs.Count(r => r.Run.Job == job)} times in 20 s with a 1 s tick");
        }

        // The background work did its job: health recorded, listing cache filled without anyone browsing.
        var health = (await Json.ReadAsync(await clientA.GetAsync("api/v1/registries/local"))).GetProperty("health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var listing = await a.Server.Stores.Jobs.GetListingAsync(connectionId, IJobStore.RepositoriesScope, CancellationToken.None);
        Assert.NotNull(listing);
        Assert.Equal(["team/app", "tools/cli"], listing.Items);
        var verifiers = (await Json.ReadAsync(await clientA.GetAsync("api/v1/audit?limit=1000"))).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "connection.verify")
            .Select(e => e.GetProperty("actor").GetString())
            .ToHashSet();
        Assert.Subset(new HashSet<string?> { "server:replica-a", "server:replica-b" }, verifiers);
    }

    private static int DistinctSlots(ServerHarness a, ServerHarness b, string job) =>
        a.Server.JobRuns.Runs.Concat(b.Server.JobRuns.Runs).Where(r => r.Job == job).Select(r => r.Slot).Distinct().Count();
}
