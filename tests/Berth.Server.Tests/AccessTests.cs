using System.Net;
using System.Net.Http.Json;
using Berth.Connections.Tokens;

namespace Berth.Server.Tests;

/// <summary>Organization isolation, role checks, bootstrap, token revocation and the token-check rate limit.</summary>
public sealed class AccessTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private object Body(string name) => new { name, type = "generic", url = registry.Url, username = RegistryFixture.Username, password = RegistryFixture.Password };

    [Fact]
    public async Task Another_organizations_registry_is_not_found_for_any_operation()
    {
        await using var server = await ServerHarness.StartAsync();
        using var adminA = server.Client(server.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await adminA.PostAsJsonAsync("api/v1/registries", Body("shared-name"))).StatusCode);
        using var adminB = server.Client(await server.CreateTokenAsync("org-b", ApiTokenRole.Admin));

        (HttpMethod Method, string Path, object? Body)[] probes =
        [
            (HttpMethod.Get, "api/v1/registries/shared-name", null),
            (HttpMethod.Put, "api/v1/registries/shared-name", Body("shared-name")),
            (HttpMethod.Post, "api/v1/registries/shared-name/rename", new { name = "stolen" }),
            (HttpMethod.Post, "api/v1/registries/shared-name/verify", null),
            (HttpMethod.Get, "api/v1/registries/shared-name/credentials", null),
            (HttpMethod.Get, "api/v1/registries/shared-name/repositories", null),
            (HttpMethod.Get, "api/v1/registries/shared-name/tags?repository=team/app", null),
            (HttpMethod.Get, "api/v1/registries/shared-name/manifest?repository=team/app&reference=1.0", null),
            (HttpMethod.Delete, "api/v1/registries/shared-name", null),
        ];
        foreach (var (method, path, body) in probes)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await adminB.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} answered {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(registry.Url, text, StringComparison.Ordinal);
            Assert.DoesNotContain(RegistryFixture.Password, text, StringComparison.Ordinal);
        }

        Assert.Equal("[]", await adminB.GetStringAsync("api/v1/registries"));
        using (var cfg = await adminB.PostAsJsonAsync("api/v1/dockercfg", new { registries = new[] { "shared-name" } }))
        {
            Assert.Equal(HttpStatusCode.NotFound, cfg.StatusCode);
        }

        // Org B may use the same name for its own registry; A's is untouched.
        Assert.Equal(HttpStatusCode.Created, (await adminB.PostAsJsonAsync("api/v1/registries", Body("shared-name"))).StatusCode);
        var a = await Json.ReadAsync(await adminA.GetAsync("api/v1/registries/shared-name"));
        var b = await Json.ReadAsync(await adminB.GetAsync("api/v1/registries/shared-name"));
        Assert.NotEqual(a.GetProperty("id").GetGuid(), b.GetProperty("id").GetGuid());
        Assert.DoesNotContain((await Json.ReadAsync(await adminB.GetAsync("api/v1/audit"))).EnumerateArray(), e => e.GetProperty("connectionId").ToString() == a.GetProperty("id").ToString());
    }

    public static TheoryData<string, string, string, HttpStatusCode> RoleMatrix => new()
    {
        // role, method, path, expected status (registry 'r' exists)
        { "member", "GET", "api/v1/registries", HttpStatusCode.OK },
        { "member", "GET", "api/v1/registries/r/repositories", HttpStatusCode.OK },
        { "member", "POST", "api/v1/registries/r/verify", HttpStatusCode.OK },
        { "member", "GET", "api/v1/registries/r/credentials", HttpStatusCode.OK },
        { "member", "POST", "api/v1/registries", HttpStatusCode.Forbidden },
        { "member", "PUT", "api/v1/registries/r", HttpStatusCode.Forbidden },
        { "member", "POST", "api/v1/registries/r/rename", HttpStatusCode.Forbidden },
        { "member", "DELETE", "api/v1/registries/r", HttpStatusCode.Forbidden },
        { "member", "GET", "api/v1/tokens", HttpStatusCode.Forbidden },
        { "member", "GET", "api/v1/audit", HttpStatusCode.Forbidden },
        { "ci", "GET", "api/v1/registries", HttpStatusCode.Forbidden },
        { "ci", "GET", "api/v1/registries/r", HttpStatusCode.Forbidden },
        { "ci", "POST", "api/v1/registries/r/verify", HttpStatusCode.Forbidden },
        { "ci", "GET", "api/v1/registries/r/credentials", HttpStatusCode.OK },
        { "ci", "DELETE", "api/v1/registries/r", HttpStatusCode.Forbidden },
        { "ci", "GET", "api/v1/registry-types", HttpStatusCode.OK },
        { "none", "GET", "api/v1/registries", HttpStatusCode.Unauthorized },
        { "none", "GET", "api/v1/registries/r/credentials", HttpStatusCode.Unauthorized },
        { "bogus", "GET", "api/v1/registries", HttpStatusCode.Unauthorized },
    };

    [Theory]
    [MemberData(nameof(RoleMatrix))]
    public async Task Roles_allow_exactly_their_operations(string role, string method, string path, HttpStatusCode expected)
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("api/v1/registries", Body("r"))).StatusCode);
        var token = role switch
        {
            "member" => await server.CreateTokenAsync("default", ApiTokenRole.Member),
            "ci" => await server.CreateTokenAsync("default", ApiTokenRole.Ci, "r"),
            "bogus" => ApiTokenSecret.Generate(),
            _ => null,
        };
        using var client = server.Client(token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "POST" or "PUT" ? JsonContent.Create(path.EndsWith("rename", StringComparison.Ordinal) ? new { name = "r2" } : Body("r3")) : null,
        };
        using var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Bootstrap_token_is_printed_on_the_first_run_only_and_revocation_ends_access()
    {
        using var dir = new Berth.Testing.TempDirectory("berth-bootstrap");
        string token;
        await using (var first = await ServerHarness.StartAsync(dataDirectory: dir.Path))
        {
            token = first.AdminToken ?? throw new InvalidOperationException("no bootstrap token printed: " + first.BootstrapOutput);
            Assert.Contains("organization 'default'", first.BootstrapOutput);
            using var client = first.Client(token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/registries")).StatusCode);

            // The database holds only the hash.
            var tokens = await first.Server.Stores.Tokens.ListAsync(null, CancellationToken.None);
            var stored = Assert.Single(tokens);
            Assert.True(stored.Bootstrap);
            Assert.Equal(ApiTokenRole.Admin, stored.Role);
        }

        // SQLite in WAL mode: the rows may still be in the -wal file.
        var database = string.Concat(Directory.GetFiles(dir.Path, "berth.db*").Select(File.ReadAllText));
        Assert.DoesNotContain(token, database, StringComparison.Ordinal);
        Assert.Contains(ApiTokenSecret.Hash(token), database, StringComparison.Ordinal);

        await using (var second = await ServerHarness.StartAsync(dataDirectory: dir.Path))
        {
            Assert.Null(second.AdminToken);
            Assert.Equal("", second.BootstrapOutput);
            using var client = second.Client(token);
            var created = await Json.ReadAsync(await client.PostAsJsonAsync("api/v1/tokens", new { role = "member" }));
            var memberSecret = created.GetProperty("secret").GetString()!;
            var memberId = created.GetProperty("token").GetProperty("id").GetGuid();
            using var member = second.Client(memberSecret);
            Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("api/v1/registries")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/v1/tokens/{memberId}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("api/v1/registries")).StatusCode);
            var listed = await client.GetStringAsync("api/v1/tokens");
            Assert.DoesNotContain(memberSecret, listed, StringComparison.Ordinal);

            // Revoking the bootstrap token does not make a restart print a new one.
            var bootstrapId = (await second.Server.Stores.Tokens.ListAsync(null, CancellationToken.None)).Single(t => t.Bootstrap).Id;
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"api/v1/tokens/{bootstrapId}")).StatusCode);
        }

        await using var third = await ServerHarness.StartAsync(dataDirectory: dir.Path);
        Assert.Null(third.AdminToken);
    }

    [Fact]
    public async Task OpenApi_document_and_reference_page_are_served()
    {
        await using var server = await ServerHarness.StartAsync();
        using var anonymous = server.Client(null);
        var document = await Json.ReadAsync(await anonymous.GetAsync("openapi/v1.json"));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/registries", paths);
        Assert.Contains("/api/v1/registries/{name}/manifest", paths);
        Assert.Contains("/api/v1/dockercfg", paths);
        using var page = await anonymous.GetAsync("docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("scalar", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://cdn", html, StringComparison.OrdinalIgnoreCase);
    }
}
