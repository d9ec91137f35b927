using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Server.Tests.Browser;
using Berth.Testing;

namespace Berth.Server.Tests;

/// <summary>The referrers endpoint, the manifest endpoint's artifact fields and the dashboard's referrers list, against a real registry.</summary>
public sealed class ReferrerApiTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string Sbom = "application/spdx+json";

    [Fact]
    public async Task Referrers_endpoint_manifest_fields_and_dashboard_list_agree()
    {
        var credentials = new RegistryCredentials(RegistryFixture.Username, RegistryFixture.Password);
        var sbom = await ReferrerSeeder.AttachAsync(registry.Registry.BaseUri, "team/app", registry.Digest10, TestImages.ManifestMediaType,
            registry.Image10.ManifestBytes.Length, Sbom, "{\"spdxVersion\":\"SPDX-2.3\"}", ReferrerStyle.FallbackTag, credentials: credentials);
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        using (var created = await admin.PostAsJsonAsync("api/v1/registries", new
        {
            name = "local", type = "generic", url = registry.Url, username = RegistryFixture.Username, password = RegistryFixture.Password,
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var response = await admin.GetAsync($"api/v1/registries/local/referrers?repository=team/app&digest={registry.Digest10}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var report = JsonDocument.Parse(text).RootElement;
        Assert.Equal(registry.Digest10, report.GetProperty("digest").GetString());
        Assert.False(report.GetProperty("referrersApi").GetBoolean());
        var entry = Assert.Single(report.GetProperty("referrers").EnumerateArray());
        Assert.Equal(sbom.Digest, entry.GetProperty("digest").GetString());
        Assert.Equal(Sbom, entry.GetProperty("artifactType").GetString());
        Assert.DoesNotContain(RegistryFixture.Password, text, StringComparison.Ordinal);

        using var missing = await admin.GetAsync("api/v1/registries/local/referrers?repository=team/app");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("digest", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var artifact = await admin.GetAsync($"api/v1/registries/local/manifest?repository=team/app&reference={sbom.Digest}");
        var manifest = JsonDocument.Parse(await artifact.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Sbom, manifest.GetProperty("artifactType").GetString());
        Assert.Equal(registry.Digest10, manifest.GetProperty("subject").GetProperty("digest").GetString());
        Assert.Equal(ReferrerSeeder.EmptyConfigMediaType, manifest.GetProperty("configMediaType").GetString());

        using var dashboard = await DashboardClient.SignInAsync(server.BaseUri, server.AdminToken!);
        var page = WebUtility.HtmlDecode(await dashboard.Http.GetStringAsync("images/local/manifest?repository=team/app&reference=1.0"));
        Assert.Contains("id=\"referrers\"", page, StringComparison.Ordinal);
        Assert.Contains(sbom.Digest, page, StringComparison.Ordinal);
        Assert.Contains(Sbom, page, StringComparison.Ordinal);
    }
}
