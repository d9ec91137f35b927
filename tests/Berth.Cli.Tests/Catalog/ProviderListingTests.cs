using System.Text;
using System.Text.Json;
using Berth.Testing;

namespace Berth.Cli.Tests.Catalog;

/// <summary>
/// The real CLI, as a process, against registries that list the way the big providers do: the capability probe
/// at connect, <c>registries show</c>'s capabilities, and <c>repos</c> through each provider's own API — never silent.
/// </summary>
[Collection(ProviderRegistriesGroup.Name)]
public sealed class ProviderListingTests(ProviderWorld world) : IDisposable
{
    private readonly TempDirectory _home = new("berth-catalog-home");
    private readonly StringBuilder _allOutput = new();

    private async Task<(int Code, string Stdout, string Stderr)> Run(string? stdin, params string[] args)
    {
        var result = await CliRunner.RunProcessAsync(CliRunner.Executable, stdin, world.Environment, ["--data-dir", _home.Path, .. args]);
        _allOutput.Append(result.Stdout).Append(result.Stderr);
        return result;
    }

    private async Task<JsonElement> Capabilities(string name)
    {
        var show = await Run(null, "registries", "show", name, "--output", "json");
        Assert.True(show.Code == 0, show.Stderr);
        return JsonDocument.Parse(show.Stdout).RootElement.GetProperty("capabilities").Clone();
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [Fact]
    public async Task Open_registry_probe_finds_catalog_page_size_delete_and_no_referrers_without_changing_content()
    {
        var connect = await Run(null, "connect", "generic", "--name", "open", "--url", world.Open.Host, "--repositories", "team/app");
        Assert.True(connect.Code == 0, connect.Stderr);
        Assert.Contains("capabilities: auth anonymous; catalog lists repositories", connect.Stdout, StringComparison.Ordinal);

        var caps = await Capabilities("open");
        Assert.Equal(["auth", "tokenService", "catalog", "maxPageSize", "mount", "delete", "referrers", "rateLimit"], caps.EnumerateObject().Select(p => p.Name));
        Assert.Equal("anonymous", caps.GetProperty("auth").GetString());
        Assert.Equal(JsonValueKind.Null, caps.GetProperty("tokenService").ValueKind);
        Assert.Equal("yes", caps.GetProperty("catalog").GetString());
        Assert.Equal(10_000, caps.GetProperty("maxPageSize").GetInt32());
        Assert.True(caps.GetProperty("mount").GetBoolean());
        Assert.True(caps.GetProperty("delete").GetBoolean());
        // Distribution 2.8 predates the OCI referrers API.
        Assert.False(caps.GetProperty("referrers").GetBoolean());
        Assert.Equal(JsonValueKind.Null, caps.GetProperty("rateLimit").ValueKind);

        // Probing deleted nothing: the image is still there, by tag and by digest.
        var inspect = await Run(null, "inspect", $"{world.Open.Host}/team/app:1.0", "--output", "json");
        Assert.True(inspect.Code == 0, inspect.Stderr);
        Assert.Equal(world.Image.Digest, JsonDocument.Parse(inspect.Stdout).RootElement.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Docker_hub_like_registry_shows_bearer_token_service_on_another_port_no_catalog_and_its_rate_limit()
    {
        var connect = await Run(ProviderWorld.HubPassword, "connect", "generic", "--name", "hublike", "--url", world.HubFront.Host,
            "--username", ProviderWorld.HubUser, "--password-stdin", "--repositories", "team/app");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
        var pullsLeft = world.HubFront.Remaining;

        var caps = await Capabilities("hublike");
        Assert.Equal("bearer", caps.GetProperty("auth").GetString());
        Assert.Equal(world.HubTokens.Realm, caps.GetProperty("tokenService").GetString());
        Assert.NotEqual(new Uri(world.HubTokens.Realm).Port, new Uri(world.HubFront.BaseUri.ToString()).Port);
        Assert.Equal("no", caps.GetProperty("catalog").GetString());
        Assert.Equal(10_000, caps.GetProperty("maxPageSize").GetInt32());
        var rate = caps.GetProperty("rateLimit");
        Assert.Equal(100, rate.GetProperty("limit").GetInt32());
        Assert.Equal(pullsLeft, rate.GetProperty("remaining").GetInt32());
        Assert.Equal(21600, rate.GetProperty("windowSeconds").GetInt32());
        // The probe asked with HEAD, which Docker Hub does not count as a pull.
        Assert.Equal(76, pullsLeft);

        var repos = await Run(null, "repos", "hublike");
        Assert.True(repos.Code == 0, repos.Stderr);
        Assert.Equal(["team/app"], Lines(repos.Stdout));
    }

    [Fact]
    public async Task Repos_where_listing_is_impossible_says_how_to_proceed_and_fails_then_lists_the_named_repositories()
    {
        var connect = await Run(ProviderWorld.HubPassword, "connect", "generic", "--name", "nocatalog", "--url", world.Hub.Host,
            "--username", ProviderWorld.HubUser, "--password-stdin");
        Assert.True(connect.Code == 0, connect.Stderr);
        Assert.Equal("no", (await Capabilities("nocatalog")).GetProperty("catalog").GetString());

        var repos = await Run(null, "repos", "nocatalog");
        Assert.NotEqual(0, repos.Code);
        Assert.Equal("", repos.Stdout);
        Assert.Contains($"registry {world.Hub.Host} refuses its catalog (/v2/_catalog) to this account", repos.Stderr, StringComparison.Ordinal);
        Assert.Contains("berth repos nocatalog --repositories team/app,team/tool", repos.Stderr, StringComparison.Ordinal);

        var named = await Run(null, "repos", "nocatalog", "--repositories", "team/app");
        Assert.True(named.Code == 0, named.Stderr);
        Assert.Equal(["team/app"], Lines(named.Stdout));
        var again = await Run(null, "repos", "nocatalog");
        Assert.Equal(["team/app"], Lines(again.Stdout));
    }

    [Fact]
    public async Task Empty_catalog_of_an_unknown_registry_is_not_printed_as_nothing_with_exit_zero()
    {
        // GAR's registry API, connected as a plain registry: its catalog answers an empty list.
        var connect = await Run(null, "connect", "generic", "--name", "emptycat", "--url", world.Gar.Host, "--no-verify");
        Assert.True(connect.Code == 0, connect.Stderr);

        var repos = await Run(null, "repos", "emptycat");
        Assert.Equal(1, repos.Code);
        Assert.Equal("", repos.Stdout);
        Assert.Contains("the catalog of connection 'emptycat' lists no repositories", repos.Stderr, StringComparison.Ordinal);
        Assert.Contains("--repositories", repos.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gar_connection_lists_through_the_artifact_registry_api_and_its_catalog_is_empty()
    {
        var connect = await Run(null, "connect", "gar", "--name", "gar", "--url", $"{world.Gar.Host}/my-project", "--key-file", world.KeyFile,
            "--set", "authMode=accessToken", "--set", $"location={ProviderWorld.GarLocation}");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);

        var caps = await Capabilities("gar");
        Assert.Equal("basic", caps.GetProperty("auth").GetString());
        Assert.Equal("empty", caps.GetProperty("catalog").GetString());

        var before = world.Gar.ApiRequests;
        var repos = await Run(null, "repos", "gar");
        Assert.True(repos.Code == 0, repos.Stderr);
        Assert.Equal(["my-project/images/app", "my-project/images/tool", "my-project/other/x"], Lines(repos.Stdout));
        // Pages of one: two repositories (2 pages + the last), then images of each.
        Assert.True(world.Gar.ApiRequests - before >= 5, $"{world.Gar.ApiRequests - before} API requests");

        var tags = await Run(null, "tags", $"{world.Gar.Host}/my-project/images/tool");
        Assert.True(tags.Code == 0, tags.Stderr);
        Assert.Equal(["2.0"], Lines(tags.Stdout));
        Assert.DoesNotContain(Testing.Providers.FakeArtifactRegistry.AccessToken, _allOutput.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ecr_connection_lists_through_describe_repositories_paged_with_next_token()
    {
        var connect = await Run(Testing.Providers.FakeEcr.SecretAccessKey, "connect", "ecr", "--name", "ecr", "--url", world.EcrRegistry.Host,
            "--region", "us-east-1", "--access-key-id", Testing.Providers.FakeEcr.AccessKeyId, "--secret-access-key-stdin");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
        var caps = await Capabilities("ecr");
        Assert.Equal("basic", caps.GetProperty("auth").GetString());
        Assert.False(caps.GetProperty("mount").GetBoolean());

        var before = world.Ecr.DescribeCalls;
        var repos = await Run(null, "repos", "ecr");
        Assert.True(repos.Code == 0, repos.Stderr);
        Assert.Equal(["other/c", "team/a", "team/b"], Lines(repos.Stdout));
        Assert.Equal(2, world.Ecr.DescribeCalls - before);
        Assert.Empty(world.Ecr.Rejections);
        Assert.DoesNotContain(Testing.Providers.FakeEcr.SecretAccessKey, _allOutput.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Harbor_robot_account_lists_through_the_projects_api_though_the_catalog_is_refused()
    {
        var connect = await Run(ProviderWorld.RobotSecret, "connect", "harbor", "--name", "harbor", "--url", $"{world.Harbor.Host}/library",
            "--username", ProviderWorld.Robot, "--password-stdin");
        Assert.True(connect.Code == 0, connect.Stdout + connect.Stderr);
        Assert.Equal("no", (await Capabilities("harbor")).GetProperty("catalog").GetString());

        var repos = await Run(null, "repos", "harbor");
        Assert.True(repos.Code == 0, repos.Stderr);
        Assert.Equal(["library/hello", "library/world"], Lines(repos.Stdout));

        var all = await Run(ProviderWorld.RobotSecret, "connect", "harbor", "--name", "harbor-all", "--url", world.Harbor.Host,
            "--username", ProviderWorld.Robot, "--password-stdin");
        Assert.True(all.Code == 0, all.Stdout + all.Stderr);
        var everything = await Run(null, "repos", "harbor-all", "--output", "json");
        Assert.True(everything.Code == 0, everything.Stderr);
        Assert.Equal(["ci/tool", "library/hello", "library/world"],
            JsonDocument.Parse(everything.Stdout).RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()!));
        Assert.DoesNotContain(ProviderWorld.RobotSecret, _allOutput.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
