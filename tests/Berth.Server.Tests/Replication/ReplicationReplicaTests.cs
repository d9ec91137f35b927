using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Connections.Secrets;
using Berth.Testing;
using Berth.Testing.Postgres;
using Xunit.Abstractions;

namespace Berth.Server.Tests.Replication;

/// <summary>Replication on two server replicas sharing one throwaway PostgreSQL database (the clustered Quartz store).</summary>
public sealed class ReplicationReplicaTests(PostgresCluster cluster, RegistryFixture registry, ITestOutputHelper output)
    : IClassFixture<PostgresCluster>, IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_cron_policy_runs_once_per_schedule_slot_across_replicas()
    {
        var database = await cluster.CreateDatabaseAsync();
        using var data = new TempDirectory("berth-cron-replicas");
        _ = AesGcmSecretProtector.Load(data.Path);
        await using var mirror = await RegistryServer.StartAsync(new RegistryOptions());
        var replicas = await Task.WhenAll(new[] { "cron-a", "cron-b" }.Select(id => ServerHarness.StartAsync(o => o with { InstanceId = id, JobIdleWait = TimeSpan.FromSeconds(1) }, data.Path, database)));
        await using var a = replicas[0];
        await using var b = replicas[1];
        var token = Assert.Single(replicas.Select(r => r.AdminToken).OfType<string>());
        using var client = a.Client(token);
        await ReplicationApiTests.ConnectAsync(client, registry, mirror.Port);
        using var created = await client.PostAsJsonAsync("api/v1/replications", new
        {
            name = "every-two-seconds",
            sourceRegistry = "source",
            repositories = new[] { "tools/cli" },
            destinationRegistry = "mirror",
            destinationNamespace = "cron",
            cron = "0/2 * * * * ?",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var policyId = (await Json.ReadAsync(created)).GetProperty("id").GetGuid();

        using var clientB = b.Client(token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        List<JsonElement> runs;
        do
        {
            await Task.Delay(500);
            runs = (await Json.ReadAsync(await clientB.GetAsync("api/v1/replications/every-two-seconds/runs?limit=100"))).EnumerateArray().ToList();
        }
        while (runs.Count(r => r.GetProperty("status").GetString() == "succeeded") < 5 && DateTime.UtcNow < deadline);

        await client.DeleteAsync("api/v1/replications/every-two-seconds");
        output.WriteLine(string.Join('\n', runs.Select(r => $"{r.GetProperty("id")} {r.GetProperty("trigger")} {r.GetProperty("status")} created {r.GetProperty("created")} replica {r.GetProperty("replica")} copied {r.GetProperty("copied")} unchanged {r.GetProperty("unchanged")}")));
        Assert.True(runs.Count(r => r.GetProperty("status").GetString() == "succeeded") >= 5, $"expected 5 scheduled runs in 40 s, got {runs.Count}");
        Assert.All(runs, r => Assert.Equal("cron", r.GetProperty("trigger").GetString()));
        Assert.All(runs, r => Assert.Equal(1, r.GetProperty("attempts").GetInt32()));

        // Each slot fired on exactly one replica: Quartz's cluster lock, seen in both replicas' job logs.
        var job = $"replication-cron:{policyId:D}";
        var firings = a.Server.JobRuns.Runs.Where(r => r.Job == job).Select(r => ("a", r.Slot))
            .Concat(b.Server.JobRuns.Runs.Where(r => r.Job == job).Select(r => ("b", r.Slot))).ToList();
        var twice = firings.GroupBy(f => f.Slot).Where(g => g.Count() > 1).Select(g => $"{g.Key} by {string.Join("+", g.Select(f => f.Item1))}").ToList();
        Assert.True(twice.Count == 0, "slots fired twice: " + string.Join(", ", twice));
        Assert.True(firings.Count >= 5, $"only {firings.Count} firings");
        Assert.All(firings, f => Assert.Equal(0, f.Slot % 2000));
        Assert.Equal(firings.Count, runs.Count);
    }

    [Fact]
    public async Task A_replica_killed_mid_copy_of_a_512_MiB_image_is_replaced_and_the_run_completes_once()
    {
        var database = await cluster.CreateDatabaseAsync();
        using var data = new TempDirectory("berth-kill-replicas");
        _ = AesGcmSecretProtector.Load(data.Path);
        using var images = new TempDirectory("berth-kill-image");
        await using var source = await RegistryServer.StartAsync(new RegistryOptions());
        await using var mirror = await RegistryServer.StartAsync(new RegistryOptions());
        var big = await TestImages.CreateAsync(images.Path, "1.0", new TestImageSpec { LayerCount = 4, LayerSize = 128L << 20, Seed = 512 });
        var sourceDigest = await RegistrySeeder.PushWithHttpAsync(big, source, "big/app", "1.0");

        var tuning = new Dictionary<string, string> { ["BERTH_JOB_CHECKIN_SECONDS"] = "1", ["BERTH_JOB_RECOVERY_SECONDS"] = "3" };
        await using var first = await ServerProcess.StartAsync("replica-a", data.Path, database, tuning);
        await using var second = await ServerProcess.StartAsync("replica-b", data.Path, database, tuning);
        var token = first.AdminToken ?? second.AdminToken ?? throw new InvalidOperationException("no bootstrap token:\n" + first.Output + "\n" + second.Output);
        var replicas = new Dictionary<string, ServerProcess> { [first.InstanceId] = first, [second.InstanceId] = second };
        using var clientA = first.Client(token);
        Assert.Equal(HttpStatusCode.Created, (await clientA.PostAsJsonAsync("api/v1/registries", new { name = "source", type = "generic", url = $"http://127.0.0.1:{source.Port}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await clientA.PostAsJsonAsync("api/v1/registries", new { name = "mirror", type = "generic", url = $"http://127.0.0.1:{mirror.Port}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await clientA.PostAsJsonAsync("api/v1/replications", new
        {
            name = "big",
            sourceRegistry = "source",
            repositories = new[] { "big/app" },
            destinationRegistry = "mirror",
            destinationNamespace = "dr",
        })).StatusCode);

        output.WriteLine($"POST {first.BaseUri}api/v1/replications/big/run");
        using var started = await clientA.PostAsync("api/v1/replications/big/run", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await Json.ReadAsync(started)).GetProperty("id").GetGuid();
        JsonElement run;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        do
        {
            await Task.Delay(100);
            run = await Json.ReadAsync(await clientA.GetAsync($"api/v1/replications/big/runs/{runId:D}"));
        }
        while (run.GetProperty("status").GetString() != "running" && DateTime.UtcNow < deadline);
        Assert.Equal("running", run.GetProperty("status").GetString());

        var victim = replicas[run.GetProperty("replica").GetString()!];
        var survivor = replicas.Values.Single(r => r != victim);
        output.WriteLine($"kill -KILL {victim.ProcessId}   # {victim.InstanceId}, running run {runId:D}");
        victim.Kill();
        using var mirrorHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{mirror.Port}/") };
        using var head = new HttpRequestMessage(HttpMethod.Head, "v2/dr/big/app/manifests/1.0");
        head.Headers.Accept.ParseAdd(TestImages.ManifestMediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await mirrorHttp.SendAsync(head)).StatusCode); // killed mid-copy: the tag is written last

        using var clientS = survivor.Client(token);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        do
        {
            await Task.Delay(500);
            run = await Json.ReadAsync(await clientS.GetAsync($"api/v1/replications/big/runs/{runId:D}"));
        }
        while (run.GetProperty("status").GetString() is "running" or "queued" && DateTime.UtcNow < deadline);

        var runs = await clientS.GetStringAsync("api/v1/replications/big/runs");
        output.WriteLine($"GET {survivor.BaseUri}api/v1/replications/big/runs   # {survivor.InstanceId}");
        output.WriteLine(runs);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(survivor.InstanceId, run.GetProperty("replica").GetString());
        Assert.True(run.GetProperty("attempts").GetInt32() >= 2, run.ToString());
        var all = JsonDocument.Parse(runs).RootElement.EnumerateArray().ToList();
        var only = Assert.Single(all);
        Assert.Equal("succeeded", only.GetProperty("status").GetString());
        var manifest = await Json.ReadAsync(await clientS.GetAsync("api/v1/registries/mirror/manifest?repository=dr/big/app&reference=1.0"));
        Assert.Equal(sourceDigest, manifest.GetProperty("digest").GetString());
    }
}
