using Berth.Auth;
using Berth.Distribution;
using Berth.References;
using Berth.Testing;

namespace Berth.Core.Tests.Distribution;

/// <summary>A registry holding 1,050 repositories and a repository holding 257 tags.</summary>
public sealed class PagingWorld : IAsyncLifetime
{
    public RegistryServer Registry { get; private set; } = null!;

    public IReadOnlyList<string> Repositories { get; private set; } = [];

    public IReadOnlyList<string> Tags { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Registry = await RegistryServer.StartAsync(new RegistryOptions { CatalogMaxEntries = 100 });
        Repositories = await RegistrySeeder.SeedRepositoriesAsync(Registry, 1_050);
        Tags = (await RegistrySeeder.SeedTagsAsync(Registry, "team/many", 257)).Tags;
    }

    public async Task DisposeAsync()
    {
        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }
    }
}

public sealed class PagingIntegrationTests(PagingWorld world) : IClassFixture<PagingWorld>
{
    private static RegistryClient Client(string host, int? pageSize) => new(new RegistryClientOptions
    {
        Registry = RegistryHost.Parse(host),
        Credentials = StaticCredentialProvider.Anonymous,
        PageSize = pageSize,
    });

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task Catalog_of_over_a_thousand_repositories_is_read_completely_with_small_pages()
    {
        using var client = Client(world.Registry.Host, pageSize: 50);
        var repositories = await Collect(client.ListRepositoriesAsync());

        Assert.Equal(1_051, repositories.Count); // the seeded ones plus team/many
        Assert.Equal(world.Repositories.Append("team/many").Order(StringComparer.Ordinal), repositories.Order(StringComparer.Ordinal));
        Assert.Equal(repositories.Count, repositories.Distinct().Count());
    }

    [Fact]
    public async Task Catalog_without_page_size_still_follows_the_registry_links()
    {
        // CatalogMaxEntries = 100: the registry itself pages, so one request can never hold everything.
        using var client = Client(world.Registry.Host, pageSize: null);
        Assert.Equal(1_051, (await Collect(client.ListRepositoriesAsync())).Count);
    }

    [Theory]
    [InlineData(10, false, false, 25)]
    [InlineData(10, true, false, 100)]
    [InlineData(20, false, true, 20)]
    public async Task Tags_are_read_across_every_page(int proxyPage, bool ignoreN, bool shortPages, int clientN)
    {
        await using var proxy = await PagingProxy.StartAsync(world.Registry, new PagingProxyOptions
        {
            PageSize = proxyPage,
            IgnoreN = ignoreN,
            ShortPages = shortPages,
        });
        using var client = Client(proxy.Host, clientN);

        var tags = await Collect(client.ListTagsAsync("team/many"));

        Assert.Equal(world.Tags.Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));
        Assert.True(proxy.PagedRequests > 257 / Math.Max(proxyPage, clientN), $"only {proxy.PagedRequests} pages were requested");
    }
}
