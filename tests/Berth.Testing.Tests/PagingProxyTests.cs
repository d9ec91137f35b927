using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Testing;

namespace Berth.Testing.Tests;

public sealed class PagingProxyTests
{
    [Fact]
    public async Task Tags_are_paged_with_relative_link_headers_per_the_options()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions());
        var (tags, _) = await RegistrySeeder.SeedTagsAsync(registry, "paged/app", 25);
        Assert.Equal("t0000", tags[0]);

        await using (var proxy = await PagingProxy.StartAsync(registry, new PagingProxyOptions { PageSize = 10 }))
        {
            using var client = new HttpClient { BaseAddress = proxy.BaseUri };
            using (var first = await client.GetAsync("/v2/paged/app/tags/list?n=4"))
            {
                first.EnsureSuccessStatusCode();
                Assert.Equal("</v2/paged/app/tags/list?n=4&last=t0003>; rel=\"next\"", first.Headers.GetValues("Link").Single());
                using var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
                Assert.Equal("paged/app", json.RootElement.GetProperty("name").GetString());
                Assert.Equal(["t0000", "t0001", "t0002", "t0003"], json.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            }

            // (n, expected page sizes): n above PageSize is capped, no n means PageSize.
            foreach (var (query, expected) in new[]
                     {
                         ("?n=4", new[] { 4, 4, 4, 4, 4, 4, 1 }),
                         ("", new[] { 10, 10, 5 }),
                         ("?n=50", new[] { 10, 10, 5 }),
                         ("?n=25", new[] { 10, 10, 5 }),
                     })
            {
                var (pages, all) = await FollowAsync(client, "/v2/paged/app/tags/list" + query, "tags");
                Assert.Equal(expected, pages);
                Assert.Equal(tags, all);
            }
            Assert.Equal(1 + 7 + 3 + 3 + 3, proxy.PagedRequests);
        }

        await using (var ignoring = await PagingProxy.StartAsync(registry, new PagingProxyOptions { PageSize = 10, IgnoreN = true }))
        {
            using var client = new HttpClient { BaseAddress = ignoring.BaseUri };
            var (pages, all) = await FollowAsync(client, "/v2/paged/app/tags/list?n=4", "tags");
            Assert.Equal([10, 10, 5], pages);
            Assert.Equal(tags, all);
        }

        await using (var shortPages = await PagingProxy.StartAsync(registry, new PagingProxyOptions { PageSize = 10, ShortPages = true }))
        {
            using var client = new HttpClient { BaseAddress = shortPages.BaseUri };
            var (pages, all) = await FollowAsync(client, "/v2/paged/app/tags/list?n=6", "tags");
            Assert.Equal([3, 3, 3, 3, 3, 3, 3, 4], pages);
            Assert.Equal(tags, all);
        }
    }

    [Fact]
    public async Task Catalog_is_gathered_from_upstream_pages_and_repaged()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { CatalogMaxEntries = 5 });
        var names = await RegistrySeeder.SeedRepositoriesAsync(registry, 12, "org/r");
        await using var proxy = await PagingProxy.StartAsync(registry, new PagingProxyOptions { PageSize = 4 });
        using var client = new HttpClient { BaseAddress = proxy.BaseUri };

        var (pages, all) = await FollowAsync(client, "/v2/_catalog?n=3", "repositories");
        Assert.Equal([3, 3, 3, 3], pages);
        Assert.Equal(names, all);
        var (defaultPages, _) = await FollowAsync(client, "/v2/_catalog", "repositories");
        Assert.Equal([4, 4, 4], defaultPages);

        using var empty = await client.GetAsync("/v2/_catalog?n=0");
        using var json = JsonDocument.Parse(await empty.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("repositories").GetArrayLength());
        Assert.False(empty.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Everything_else_passes_through_with_auth_headers_and_streamed_bodies()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions
        {
            HtpasswdUsers = new Dictionary<string, string> { ["u"] = "p" },
        });
        await using var proxy = await PagingProxy.StartAsync(registry);
        using var client = new HttpClient { BaseAddress = proxy.BaseUri };
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("u:p")));

        using (var challenge = await client.GetAsync("/v2/"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
            Assert.Equal("Basic realm=\"berth-test-registry\"", challenge.Headers.WwwAuthenticate.Single().ToString());
        }
        using (var tagsChallenge = await client.GetAsync("/v2/any/tags/list"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, tagsChallenge.StatusCode);
            Assert.Equal("Basic", tagsChallenge.Headers.WwwAuthenticate.Single().Scheme);
        }

        // A blob upload through the proxy: Location points back at the proxy, bytes survive both ways.
        var blob = new byte[300_000];
        new Random(5).NextBytes(blob);
        var digest = "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(blob)).ToLowerInvariant();
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v2/via/proxy/blobs/uploads/");
        start.Headers.Authorization = basic;
        using var started = await client.SendAsync(start);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!;
        Assert.Equal(proxy.Host, location.Authority);

        using var put = new HttpRequestMessage(HttpMethod.Put, location + "&digest=" + Uri.EscapeDataString(digest)) { Content = new ByteArrayContent(blob) };
        put.Headers.Authorization = basic;
        using var done = await client.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/v2/via/proxy/blobs/{digest}");
        get.Headers.Authorization = basic;
        using var fetched = await client.SendAsync(get);
        Assert.Equal(blob, await fetched.Content.ReadAsByteArrayAsync());
        Assert.Equal(digest, fetched.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(0, proxy.PagedRequests - 1);
        Assert.Equal(5, proxy.Requests);
        Assert.Equal("POST /v2/via/proxy/blobs/uploads/", proxy.RequestLog[2]);
    }

    [Fact]
    public async Task Proxy_speaks_plain_http_to_clients_in_front_of_a_tls_registry()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Tls = true });
        await RegistrySeeder.SeedTagsAsync(registry, "tls/app", 3);
        await using var proxy = await PagingProxy.StartAsync(registry, new PagingProxyOptions { PageSize = 2 });
        using var client = new HttpClient { BaseAddress = proxy.BaseUri };

        using var root = await client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        var (pages, all) = await FollowAsync(client, "/v2/tls/app/tags/list", "tags");
        Assert.Equal([2, 1], pages);
        Assert.Equal(["t0000", "t0001", "t0002"], all);
        using var upload = await client.PostAsync("/v2/tls/app/blobs/uploads/", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        Assert.Equal($"http://{proxy.Host}", upload.Headers.Location!.GetLeftPart(UriPartial.Authority));
    }

    private static async Task<(List<int> Pages, List<string> All)> FollowAsync(HttpClient client, string url, string field)
    {
        var pages = new List<int>();
        var all = new List<string>();
        string? next = url;
        while (next is not null)
        {
            Assert.True(pages.Count < 100, "paging did not end");
            using var response = await client.GetAsync(next);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var page = json.RootElement.GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToList();
            pages.Add(page.Count);
            all.AddRange(page);
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split(';')[0].Trim().TrimStart('<').TrimEnd('>') : null;
            Assert.True(next is null || next.StartsWith("/v2/", StringComparison.Ordinal), next);
        }
        return (pages, all);
    }
}
