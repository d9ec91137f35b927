using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Testing;

namespace Berth.Server.Tests.Replication;

/// <summary>
/// Durable runs on the single-node SQLite store: a run cut short by a server restart resumes after it, and runs and
/// copies are cancelled on request. A throttling proxy in front of the source registry keeps the copies running long
/// enough to act on.
/// </summary>
public sealed class ReplicationDurabilityTests : IAsyncLifetime
{
    private readonly TempDirectory _images = new("berth-durable-images");
    private RegistryServer _source = null!;
    private RegistryServer _mirror = null!;
    private FaultProxy _slow = null!;
    private string _digest = "";

    public async Task InitializeAsync()
    {
        _source = await RegistryServer.StartAsync(new RegistryOptions());
        _mirror = await RegistryServer.StartAsync(new RegistryOptions());
        var image = await TestImages.CreateAsync(_images.Path, "1.0", new TestImageSpec { LayerCount = 2, LayerSize = 1L << 20, Seed = 77 });
        _digest = await RegistrySeeder.PushWithHttpAsync(image, _source, "slow/app", "1.0");
        _slow = await FaultProxy.StartAsync(_source);
        // 2 MiB of layers at 384 KiB/s: a copy takes about five seconds.
        _slow.Add(FaultRule.Always("GET", FaultRule.BlobPath, Fault.Throttle(384)));
    }

    public async Task DisposeAsync()
    {
        await _slow.DisposeAsync();
        await _mirror.DisposeAsync();
        await _source.DisposeAsync();
        _images.Dispose();
    }

    [Fact]
    public async Task A_run_cut_short_by_a_server_restart_resumes_after_it()
    {
        using var data = new TempDirectory("berth-restart");
        string token;
        Guid runId;
        await using (var before = await ServerHarness.StartAsync(null, data.Path))
        {
            token = before.AdminToken!;
            using var client = before.Client(token);
            await SetUpAsync(client, "restart");
            using var started = await client.PostAsync("api/v1/replications/restart/run", null);
            runId = (await Json.ReadAsync(started)).GetProperty("id").GetGuid();
            await WaitForAsync(client, "restart", runId, "running");
        }

        await using var after = await ServerHarness.StartAsync(null, data.Path);
        using var again = after.Client(token);
        var interrupted = await Json.ReadAsync(await again.GetAsync($"api/v1/replications/restart/runs/{runId:D}"));
        Assert.Equal("running", interrupted.GetProperty("status").GetString()); // handed back, not failed
        var run = await ReplicationApiTests.WaitFinishedAsync(again, "restart", runId, TimeSpan.FromSeconds(90));
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(2, run.GetProperty("attempts").GetInt32());
        Assert.Equal(1, run.GetProperty("copied").GetInt32());
        var copied = await Json.ReadAsync(await again.GetAsync("api/v1/registries/mirror/manifest?repository=restart/slow/app&reference=1.0"));
        Assert.Equal(_digest, copied.GetProperty("digest").GetString());
        Assert.Single((await Json.ReadAsync(await again.GetAsync("api/v1/replications/restart/runs"))).EnumerateArray());
    }

    [Fact]
    public async Task Runs_and_copies_are_cancelled_on_request()
    {
        await using var server = await ServerHarness.StartAsync();
        using var client = server.Client(server.AdminToken);
        await SetUpAsync(client, "cancel");

        using var started = await client.PostAsync("api/v1/replications/cancel/run", null);
        var runId = (await Json.ReadAsync(started)).GetProperty("id").GetGuid();
        await WaitForAsync(client, "cancel", runId, "running");
        using var cancel = await client.PostAsync($"api/v1/replications/cancel/runs/{runId:D}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.True((await Json.ReadAsync(cancel)).GetProperty("cancelRequested").GetBoolean());
        var run = await ReplicationApiTests.WaitFinishedAsync(client, "cancel", runId, TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", run.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/v1/registries/mirror/manifest?repository=cancel/slow/app&reference=1.0")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"api/v1/replications/cancel/runs/{runId:D}/cancel", null)).StatusCode);

        using var copy = await client.PostAsJsonAsync("api/v1/copies", new { source = $"{_slow.Host}/slow/app:1.0", target = $"127.0.0.1:{_mirror.Port}/copy/app:1.0" });
        Assert.Equal(HttpStatusCode.Accepted, copy.StatusCode);
        var copyId = (await Json.ReadAsync(copy)).GetProperty("id").GetGuid();
        JsonElement job;
        do
        {
            await Task.Delay(100);
            job = await Json.ReadAsync(await client.GetAsync($"api/v1/copies/{copyId:D}"));
        }
        while (job.GetProperty("status").GetString() == "queued");
        Assert.Equal("running", job.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"api/v1/copies/{copyId:D}/cancel", null)).StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            await Task.Delay(200);
            job = await Json.ReadAsync(await client.GetAsync($"api/v1/copies/{copyId:D}"));
        }
        while (job.GetProperty("status").GetString() == "running" && DateTime.UtcNow < deadline);
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/v1/registries/mirror/manifest?repository=copy/app&reference=1.0")).StatusCode);
    }

    private async Task SetUpAsync(HttpClient client, string policy)
    {
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("api/v1/registries", new { name = "source", type = "generic", url = _slow.BaseUri.ToString().TrimEnd('/') })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("api/v1/registries", new { name = "mirror", type = "generic", url = $"http://127.0.0.1:{_mirror.Port}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("api/v1/replications", new
        {
            name = policy,
            sourceRegistry = "source",
            repositories = new[] { "slow/app" },
            destinationRegistry = "mirror",
            destinationNamespace = policy,
        })).StatusCode);
    }

    private static async Task WaitForAsync(HttpClient client, string policy, Guid runId, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonElement run;
        do
        {
            await Task.Delay(100);
            run = await Json.ReadAsync(await client.GetAsync($"api/v1/replications/{policy}/runs/{runId:D}"));
        }
        while (run.GetProperty("status").GetString() != status && DateTime.UtcNow < deadline);
        Assert.Equal(status, run.GetProperty("status").GetString());
    }
}
