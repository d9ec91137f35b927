using Berth.Testing.Dialects;

namespace Berth.Cli.Tests.Dialects;

/// <summary>The CLI against a Docker Hub-like registry: token service on another origin, 401 insufficient_scope, rate limits.</summary>
public sealed class DockerHubDialectTests(DialectWorld world) : IClassFixture<DialectWorld>
{
    [Fact]
    public async Task Connect_verify_tags_inspect_copy_and_repos_tell_a_missing_repository_from_refused_credentials()
    {
        await using var hub = await DialectServer.StartAsync(world.Registry, DialectProfiles.DockerHub());
        using var cli = new DialectCli();
        var connect = await cli.RunWithInputAsync(DialectProfiles.HubPassword, "connect", "dockerhub", "--name", "hub", "--url", hub.Host,
            "--username", DialectProfiles.HubUser, "--password-stdin", "--repositories", "hubuser/app");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
        Assert.Contains(hub.RequestLog, r => r.StartsWith("token:GET /token", StringComparison.Ordinal));

        var verify = await cli.RunAsync("registries", "verify", "hub");
        Assert.True(verify.Code == 0, verify.Stdout + verify.Stderr);

        var tags = await cli.RunAsync("tags", $"{hub.Host}/hubuser/app");
        Assert.True(tags.Code == 0, tags.Stderr);
        Assert.Equal("1.0", tags.Stdout.Trim());

        var missing = await cli.RunAsync("tags", $"{hub.Host}/hubuser/missing");
        Assert.Equal(1, missing.Code);
        Assert.Contains("repository hubuser/missing may not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("'hubuser' may not pull it", missing.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", missing.Stderr, StringComparison.Ordinal);

        var inspect = await cli.RunAsync("inspect", $"{hub.Host}/hubuser/app:1.0");
        Assert.True(inspect.Code == 0, inspect.Stderr);
        Assert.Contains(world.Digest, inspect.Stdout, StringComparison.Ordinal);
        var show = await cli.RunAsync("registries", "show", "hub", "--output", "json");
        var rate = System.Text.Json.JsonDocument.Parse(show.Stdout).RootElement.GetProperty("rateLimit");
        Assert.Equal(100, rate.GetProperty("limit").GetInt32());
        Assert.InRange(rate.GetProperty("remaining").GetInt32(), 0, 99);
        Assert.Equal(21600, rate.GetProperty("windowSeconds").GetInt32());

        var copyIn = await cli.RunAsync("copy", $"{world.Outside.Host}/src/app:1.0", $"{hub.Host}/hubuser/copied:1.0");
        Assert.True(copyIn.Code == 0, copyIn.Stderr);
        var copyOut = await cli.RunAsync("copy", $"{hub.Host}/hubuser/copied:1.0", $"{world.Outside.Host}/out/hub:1.0");
        Assert.True(copyOut.Code == 0, copyOut.Stderr);
        var copied = await cli.RunAsync("inspect", $"{world.Outside.Host}/out/hub:1.0");
        Assert.Contains(world.Digest, copied.Stdout, StringComparison.Ordinal);

        var repos = await cli.RunAsync("repos", "hub");
        Assert.True(repos.Code == 0, repos.Stderr);
        Assert.Equal("hubuser/app", repos.Stdout.Trim());
        cli.Save("dockerhub");
    }

    [Fact]
    public async Task Wrong_password_names_the_token_service_and_anonymous_refusals_never_mention_refused_credentials()
    {
        await using var hub = await DialectServer.StartAsync(world.Registry, DialectProfiles.DockerHub());
        using var cli = new DialectCli();

        var wrong = await cli.RunWithInputAsync("wrong-password-4711", "tags", $"{hub.Host}/hubuser/app", "--username", DialectProfiles.HubUser, "--password-stdin");
        Assert.Equal(1, wrong.Code);
        Assert.Contains($"token service {hub.TokenHost} of registry {hub.Host} refused the credentials of 'hubuser'", wrong.Stderr, StringComparison.Ordinal);
        Assert.Contains("incorrect username or password", wrong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-4711", wrong.Stderr + wrong.Stdout, StringComparison.Ordinal);

        var open = await cli.RunAsync("tags", $"{hub.Host}/library/app");
        Assert.True(open.Code == 0, open.Stderr);

        var anonymous = await cli.RunAsync("tags", $"{hub.Host}/hubuser/app");
        Assert.Equal(1, anonymous.Code);
        Assert.Contains("does not let anonymous clients pull repository hubuser/app", anonymous.Stderr, StringComparison.Ordinal);
        Assert.Contains("no credentials were sent", anonymous.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("credentials were refused", anonymous.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("refused the credentials", anonymous.Stderr, StringComparison.Ordinal);

        var catalog = await cli.RunAsync("catalog", hub.Host);
        Assert.Equal(1, catalog.Code);
        Assert.Contains("the catalog", catalog.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("refused the credentials", catalog.Stderr, StringComparison.Ordinal);
        cli.Save("dockerhub-errors");
    }

    [Fact]
    public async Task A_used_up_rate_limit_fails_at_once_saying_when_it_frees_up()
    {
        await using var hub = await DialectServer.StartAsync(world.Registry, DialectProfiles.DockerHub(new DialectRateLimit(2, 21600)));
        using var cli = new DialectCli();
        for (var i = 0; i < 2; i++)
        {
            var ok = await cli.RunAsync("inspect", $"{hub.Host}/library/app:1.0");
            Assert.True(ok.Code == 0, ok.Stderr);
        }

        var limited = await cli.RunAsync("inspect", $"{hub.Host}/library/app:1.0");
        Assert.Equal(1, limited.Code);
        Assert.Contains("rate limit is used up (0 of 2 requests left per 6 h)", limited.Stderr, StringComparison.Ordinal);
        Assert.Contains("frees up within 6 h", limited.Stderr, StringComparison.Ordinal);
        Assert.Contains("TOOMANYREQUESTS", limited.Stderr, StringComparison.Ordinal);
        // Each run: one GET challenged for a token, one GET with it. The refused one was not retried.
        Assert.True(6 == hub.RequestLog.Count(r => r.StartsWith("GET /v2/library/app/manifests/", StringComparison.Ordinal)), string.Join("\n", hub.RequestLog));
        cli.Save("dockerhub-ratelimit");
    }

    [Fact]
    public async Task A_hanging_token_service_is_named_in_the_timeout_not_the_registry()
    {
        await using var slow = await DialectServer.StartAsync(world.Registry, DialectProfiles.SlowTokenService(TimeSpan.FromMinutes(2)));
        using var cli = new DialectCli();
        var result = await cli.RunAsync("tags", $"{slow.Host}/library/app", "--timeout", "2");
        Assert.Equal(1, result.Code);
        Assert.Contains($"cannot reach the token service {slow.TokenHost} of registry {slow.Host}: timed out after 2 s waiting for a token", result.Stderr, StringComparison.Ordinal);
        cli.Save("slow-token-service");
    }
}
