using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Berth.Testing;

namespace Berth.Testing.Tests;

public sealed class RegistryServerTests
{
    [Fact]
    public async Task Open_registry_answers_200_on_v2_and_cleans_up_on_dispose()
    {
        string dataDirectory;
        int port;
        await using (var registry = await RegistryServer.StartAsync(new RegistryOptions()))
        {
            using var client = registry.CreateHttpClient();
            using var response = await client.GetAsync("/v2/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-Api-Version").Single());
            Assert.StartsWith("127.0.0.1:", registry.Host, StringComparison.Ordinal);
            Assert.Equal("http", registry.BaseUri.Scheme);
            Assert.Null(registry.CaCertificatePath);
            Assert.True(Directory.Exists(registry.DataDirectory));
            Assert.Contains("GET /v2/", registry.ReadLog(), StringComparison.Ordinal);
            dataDirectory = registry.DataDirectory;
            port = registry.Port;
        }

        Assert.False(Directory.Exists(dataDirectory));
        using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync($"http://127.0.0.1:{port}/v2/"));
    }

    [Fact]
    public async Task Htpasswd_registry_challenges_with_basic_and_accepts_the_right_password()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions
        {
            HtpasswdUsers = new Dictionary<string, string> { ["alice"] = "s3cret-pw", ["bob"] = "other" },
        });
        using var client = registry.CreateHttpClient();

        using var anonymous = await client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var challenge = anonymous.Headers.WwwAuthenticate.Single();
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Contains("realm=\"berth-test-registry\"", challenge.Parameter, StringComparison.Ordinal);

        foreach (var (user, password, expected) in new[]
                 {
                     ("alice", "s3cret-pw", HttpStatusCode.OK),
                     ("bob", "other", HttpStatusCode.OK),
                     ("alice", "wrong", HttpStatusCode.Unauthorized),
                     ("carol", "s3cret-pw", HttpStatusCode.Unauthorized),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            using var response = await client.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{user}: expected {expected}, got {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Tls_registry_is_trusted_with_its_ca_and_refused_without()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { Tls = true });
        Assert.Equal("https", registry.BaseUri.Scheme);
        Assert.NotNull(registry.CaCertificatePath);
        Assert.True(File.Exists(registry.CaCertificatePath));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", await File.ReadAllTextAsync(registry.CaCertificatePath!), StringComparison.Ordinal);
        Assert.Equal(["ca.crt"], Directory.GetFiles(registry.CertificateDirectory!).Select(Path.GetFileName));

        using (var trusting = registry.CreateHttpClient())
        {
            using var response = await trusting.GetAsync("/v2/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // localhost is a SAN too.
        using (var byName = new HttpClient(registry.CertificateAuthority!.CreateHttpHandler()))
        {
            using var response = await byName.GetAsync($"https://localhost:{registry.Port}/v2/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var plain = new HttpClient();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new Uri(registry.BaseUri, "v2/")));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);

        // A CA from another run must not be enough.
        using var otherDir = new TempDirectory();
        using var otherCa = TestCertificateAuthority.Create(otherDir.Path);
        using var wrongCa = new HttpClient(otherCa.CreateHttpHandler());
        await Assert.ThrowsAsync<HttpRequestException>(() => wrongCa.GetAsync(new Uri(registry.BaseUri, "v2/")));
    }

    [Fact]
    public async Task Catalog_pages_follow_max_entries()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { CatalogMaxEntries = 3 });
        var names = await RegistrySeeder.SeedRepositoriesAsync(registry, 7, "cat/r");
        Assert.Equal(7, names.Count);
        using var client = registry.CreateHttpClient();

        using var tooMany = await client.GetAsync("/v2/_catalog?n=4");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("PAGINATION_NUMBER_INVALID", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var seen = new List<string>();
        var url = "/v2/_catalog";
        var pages = 0;
        while (url is not null)
        {
            using var response = await client.GetAsync(url);
            response.EnsureSuccessStatusCode();
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            seen.AddRange(json.RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()!));
            url = response.Headers.TryGetValues("Link", out var link)
                ? link.Single().Split(';')[0].Trim('<', '>', ' ')
                : null;
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(names.Order(StringComparer.Ordinal), seen);
    }
}
