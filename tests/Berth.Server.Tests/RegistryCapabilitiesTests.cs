using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Server.Tests.Browser;

namespace Berth.Server.Tests;

/// <summary>The capability probe through the server: the registry JSON and the dashboard's registry detail page.</summary>
public sealed class RegistryCapabilitiesTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Api_and_detail_page_show_what_the_last_verify_probed()
    {
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);

        var unverified = await admin.PostAsJsonAsync("api/v1/registries?verify=false",
            new { name = "lab", type = "generic", url = registry.Url, username = RegistryFixture.Username, password = RegistryFixture.Password, repositories = new[] { "team/app" } });
        Assert.Equal(HttpStatusCode.Created, unverified.StatusCode);
        var before = JsonDocument.Parse(await admin.GetStringAsync("api/v1/registries/lab")).RootElement;
        Assert.Equal(JsonValueKind.Null, before.GetProperty("capabilities").ValueKind);

        using var dashboard = await DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!);
        Assert.Contains("id=\"no-capabilities\"", await dashboard.Http.GetStringAsync("registries/lab"), StringComparison.Ordinal);

        var verify = await admin.PostAsync("api/v1/registries/lab/verify", null);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var caps = JsonDocument.Parse(await admin.GetStringAsync("api/v1/registries/lab")).RootElement.GetProperty("capabilities");
        Assert.Equal(["auth", "tokenService", "catalog", "maxPageSize", "mount", "delete", "referrers", "rateLimit"], caps.EnumerateObject().Select(p => p.Name));
        Assert.Equal("basic", caps.GetProperty("auth").GetString());
        Assert.Equal("yes", caps.GetProperty("catalog").GetString());
        Assert.Equal(10_000, caps.GetProperty("maxPageSize").GetInt32());
        Assert.False(caps.GetProperty("referrers").GetBoolean());

        var page = await dashboard.Http.GetStringAsync("registries/lab");
        Assert.Contains("<dd data-capability=\"auth\">basic</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dd data-capability=\"catalog\">yes</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dd data-capability=\"referrers\">no</dd>", page, StringComparison.Ordinal);
    }
}
