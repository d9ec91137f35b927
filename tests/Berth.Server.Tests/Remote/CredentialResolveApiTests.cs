using System.Net;
using Berth.Connections.Tokens;

namespace Berth.Server.Tests.Remote;

/// <summary>GET /api/v1/credentials/resolve and /servers: what remote helpers ask, answered by the resolution use case.</summary>
public sealed class CredentialResolveApiTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private string Host => registry.Registry.Host;

    [Fact]
    public async Task Resolves_hosts_and_paths_by_longest_prefix_within_what_the_token_may_use()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await RemoteHelperTests.CreateAsync(admin, "lab", registry.Url);
        await RemoteHelperTests.CreateAsync(admin, "team", registry.Url + "/team");

        async Task<System.Text.Json.JsonElement> Resolve(HttpClient client, string server)
        {
            var response = await client.GetAsync("api/v1/credentials/resolve?server=" + Uri.EscapeDataString(server));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            return await Json.ReadAsync(response);
        }

        var byPath = await Resolve(admin, $"{Host}/team/app");
        Assert.Equal(("team", $"{Host}/team", RegistryFixture.Username, RegistryFixture.Password),
            (byPath.GetProperty("connection").GetString(), byPath.GetProperty("key").GetString(), byPath.GetProperty("username").GetString(), byPath.GetProperty("password").GetString()));
        foreach (var spelling in new[] { Host, $"http://{Host}/v2/", $"{Host}/tools/cli" })
        {
            Assert.Equal("lab", (await Resolve(admin, spelling)).GetProperty("connection").GetString());
        }

        // A ci token naming only 'team' is answered from it for the host, and told which connection it lacks for a path 'team' does not cover.
        using var ci = server.Client(await server.CreateTokenAsync("default", ApiTokenRole.Ci, "team"));
        Assert.Equal("team", (await Resolve(ci, Host)).GetProperty("connection").GetString());
        var refused = await ci.GetAsync("api/v1/credentials/resolve?server=" + Uri.EscapeDataString($"{Host}/tools/cli"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("connection 'lab' serves", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(RegistryFixture.Password, problem, StringComparison.Ordinal);

        var unknown = await ci.GetAsync("api/v1/credentials/resolve?server=quay.io");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no registry of this organization serves quay.io", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await ci.GetAsync("api/v1/credentials/resolve")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ci.GetAsync("api/v1/credentials/resolve?server=ftp%3A%2F%2Fx")).StatusCode);
        using var anonymous = server.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"api/v1/credentials/resolve?server={Host}")).StatusCode);

        Assert.Equal($$"""{"{{Host}}":"{{RegistryFixture.Username}}"}""", await ci.GetStringAsync("api/v1/credentials/servers"));

        var openApi = await anonymous.GetStringAsync("openapi/v1.json");
        Assert.Contains("/api/v1/credentials/resolve", openApi, StringComparison.Ordinal);
        Assert.Contains("/api/v1/credentials/servers", openApi, StringComparison.Ordinal);
    }
}
