using System.Text.Json;
using Berth.Testing;

namespace Berth.Server.Tests.Replication;

/// <summary><c>berth replication</c> drives the server's replication API: the same policies, runs and JSON shapes.</summary>
public sealed class ReplicationCliTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task The_cli_creates_runs_lists_and_deletes_policies_on_the_server()
    {
        await using var mirror = await RegistryServer.StartAsync(new RegistryOptions());
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await ReplicationApiTests.ConnectAsync(admin, registry, mirror.Port);
        using var home = new TempDirectory("berth-replication-cli");
        string[] remote = ["--server", server.BaseUri.ToString(), "--token", server.AdminToken!];

        var created = await BerthCli.RunAsync(home.Path, null, ["replication", "create", "team-semver", "--from", "source", "--to", "mirror",
            "--repositories", "team/app", "--semver", ">=1.0 <2", "--namespace", "cli", .. remote]);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("created replication policy team-semver", created.Stdout);

        var run = await BerthCli.RunAsync(home.Path, null, ["replication", "run", "team-semver", "--wait", .. remote]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("succeeded", run.Stdout);

        var runs = await BerthCli.RunAsync(home.Path, null, ["--output", "json", "replication", "runs", "team-semver", .. remote]);
        Assert.True(runs.ExitCode == 0, runs.ToString());
        var cliRuns = JsonDocument.Parse(runs.Stdout).RootElement;
        var apiRuns = await Json.ReadAsync(await admin.GetAsync("api/v1/replications/team-semver/runs"));
        Assert.Equal(apiRuns.GetArrayLength(), cliRuns.GetArrayLength());
        var only = cliRuns[0];
        Assert.Equal(apiRuns[0].GetProperty("id").GetGuid(), only.GetProperty("id").GetGuid());
        Assert.Equal(1, only.GetProperty("copied").GetInt32()); // 1.0 only: 2.0 is outside the range
        Assert.Equal("1.0", only.GetProperty("images")[0].GetProperty("tag").GetString());

        var list = await BerthCli.RunAsync(home.Path, null, ["replication", "list", .. remote]);
        Assert.Contains("team-semver", list.Stdout);
        var bad = await BerthCli.RunAsync(home.Path, null, ["replication", "create", "bad", "--from", "source", "--to", "mirror", "--cron", "daily", .. remote]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("cron", bad.Stderr);
        Assert.DoesNotContain(server.AdminToken!, bad.Stderr + bad.Stdout);
        var missing = await BerthCli.RunAsync(home.Path, null, "replication", "list");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("BERTH_SERVER_URL", missing.Stderr);

        var deleted = await BerthCli.RunAsync(home.Path, null, ["replication", "delete", "team-semver", .. remote]);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var gone = await BerthCli.RunAsync(home.Path, null, ["replication", "runs", "team-semver", .. remote]);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("no replication policy named 'team-semver'", gone.Stderr);
    }
}
