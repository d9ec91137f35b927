using Berth.Connections.Providers;
using Berth.Connections.Tests.Providers.Fakes;
using static Berth.Connections.Tests.Providers.TestConnections;

namespace Berth.Connections.Tests.Providers;

public sealed class RepositoryListerTests
{
    private static async Task<List<string>> ListAsync(RepositoryLister lister, Connection connection)
    {
        var result = new List<string>();
        await foreach (var repository in lister.ListAsync(connection, CancellationToken.None))
        {
            result.Add(repository);
        }

        return result;
    }

    [Fact]
    public async Task Explicit_list_wins_and_is_filtered_by_the_regex()
    {
        var connection = Make("dockerhub", "", [("username", "u")], [("password", "p")],
            new() { Repositories = ["library/nginx", "yourusername/app", "yourusername/app-tests"], RepositoriesRegex = "^yourusername/app$|nginx" });

        Assert.Equal(["library/nginx", "yourusername/app"], await ListAsync(new RepositoryLister(new RegistryClientFactory(ProviderContext.Default)), connection));
    }

    [Fact]
    public async Task Docker_hub_lists_the_username_namespace_through_the_hub_api_following_next()
    {
        await using var hub = await FakeDockerHub.StartAsync(new() { ["porter1"] = ["porter", "api", "web", "worker", "cron"] });
        var lister = new RepositoryLister(new RegistryClientFactory(new ProviderContext { Endpoints = ProviderEndpoints.Public with { DockerHubApi = hub.ApiBase } }));
        var connection = Make("dockerhub", "docker.io", [("username", FakeDockerHub.Username)], [("password", FakeDockerHub.Token)]);

        var repositories = await ListAsync(lister, connection);

        Assert.Equal(["porter1/porter", "porter1/api", "porter1/web", "porter1/worker", "porter1/cron"], repositories);
        Assert.Equal(1, hub.Logins);
        Assert.Equal(3, hub.Pages);
    }

    [Fact]
    public async Task Docker_hub_namespace_comes_from_the_url_path_and_the_regex_applies()
    {
        await using var hub = await FakeDockerHub.StartAsync(new() { ["acme"] = ["app", "app-tests", "tools"], ["porter1"] = ["mine"] });
        var lister = new RepositoryLister(new RegistryClientFactory(new ProviderContext { Endpoints = ProviderEndpoints.Public with { DockerHubApi = hub.ApiBase } }));
        var connection = Make("dockerhub", "docker.io/acme", [("username", FakeDockerHub.Username)], [("password", FakeDockerHub.Token)],
            new() { RepositoriesRegex = "^acme/(app|tools)$" });

        Assert.Equal(["acme/app", "acme/tools"], await ListAsync(lister, connection));
    }

    [Fact]
    public async Task Docker_hub_login_failure_names_the_user_not_the_token()
    {
        await using var hub = await FakeDockerHub.StartAsync(new() { ["porter1"] = ["porter"] });
        var lister = new RepositoryLister(new RegistryClientFactory(new ProviderContext { Endpoints = ProviderEndpoints.Public with { DockerHubApi = hub.ApiBase } }));
        const string wrong = "dckr_pat_wrong_000000";
        var connection = Make("dockerhub", "docker.io", [("username", FakeDockerHub.Username)], [("password", wrong)]);

        var ex = await Assert.ThrowsAsync<RepositoryListingException>(() => ListAsync(lister, connection));

        Assert.Equal("Docker Hub login failed for porter1 (401); check the username and access token", ex.Message);
        Assert.DoesNotContain(wrong, ex.ToString());
    }

    [Fact]
    public async Task Ghcr_without_a_list_says_to_list_repositories_explicitly()
    {
        var connection = Make("ghcr", "ghcr.io/acme", [("username", "octocat")], [("password", "ghp_x")]);

        var ex = await Assert.ThrowsAsync<RepositoryListingNotSupportedException>(() => ListAsync(new RepositoryLister(new RegistryClientFactory(ProviderContext.Default)), connection));

        Assert.Equal("cannot list the repositories of connection 'test-ghcr': GitHub Container Registry has no catalog API; name them once and they are listed from then on: berth repos test-ghcr --repositories team/app,team/tool", ex.Message);
    }

    [Fact]
    public async Task Other_registries_use_the_catalog_narrowed_to_the_namespace_path()
    {
        await using var registry = await FakeCatalogRegistry.StartAsync(["team/api", "team/web", "teamwork/x", "other/db", "team/web-tests"]);
        var connection = Make("generic", registry.Url + "/team", options: new() { RepositoriesRegex = "^team/(api|web)$" });

        Assert.Equal(["team/api", "team/web"], await ListAsync(new RepositoryLister(new RegistryClientFactory(ProviderContext.Default)), connection));
    }

    [Fact]
    public async Task Catalog_without_namespace_returns_everything_across_pages()
    {
        await using var registry = await FakeCatalogRegistry.StartAsync(["a/1", "a/2", "b/1", "c/1", "c/2"]);

        Assert.Equal(["a/1", "a/2", "b/1", "c/1", "c/2"], await ListAsync(new RepositoryLister(new RegistryClientFactory(ProviderContext.Default)), Make("generic", registry.Url)));
    }

    [Fact]
    public async Task Invalid_regex_is_reported_with_the_connection_name()
    {
        var connection = Make("generic", "r.example.com", options: new() { Repositories = ["a"], RepositoriesRegex = "([" });

        var ex = await Assert.ThrowsAsync<RepositoryListingException>(() => ListAsync(new RepositoryLister(new RegistryClientFactory(ProviderContext.Default)), connection));

        Assert.StartsWith("the repositories regex of connection 'test-generic' is not a valid regular expression: ", ex.Message);
    }
}
