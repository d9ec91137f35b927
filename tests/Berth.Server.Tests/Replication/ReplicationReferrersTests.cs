using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.Testing;

namespace Berth.Server.Tests.Replication;

/// <summary>A policy with referrers on carries an image's SBOM along, writing the fallback tag at a registry without the referrers API.</summary>
public sealed class ReplicationReferrersTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string Sbom = "application/spdx+json";

    [Fact]
    public async Task A_policy_with_referrers_copies_the_sbom_and_writes_the_fallback_tag()
    {
        var sbom = await ReferrerSeeder.AttachAsync(registry.Registry.BaseUri, "team/app", registry.Digest10, TestImages.ManifestMediaType,
            registry.Image10.ManifestBytes.Length, Sbom, "{\"spdxVersion\":\"SPDX-2.3\"}", ReferrerStyle.FallbackTag,
            credentials: new RegistryCredentials(RegistryFixture.Username, RegistryFixture.Password));
        await using var mirror = await RegistryServer.StartAsync(new RegistryOptions());
        await using var server = await ServerHarness.StartAsync();
        using var admin = server.Client(server.AdminToken);
        await ReplicationApiTests.ConnectAsync(admin, registry, mirror.Port);

        foreach (var (name, referrers) in new[] { ("plain", false), ("signed", true) })
        {
            using var created = await admin.PostAsJsonAsync("api/v1/replications", new
            {
                name,
                sourceRegistry = "source",
                repositories = new[] { "team/app" },
                tagsRegex = "^1\\.0$",
                destinationRegistry = "mirror",
                destinationNamespace = name,
                referrers,
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(referrers, (await Json.ReadAsync(created)).GetProperty("referrers").GetBoolean());
            var run = await ReplicationApiTests.RunToEndAsync(admin, name);
            Assert.Equal("succeeded", run.GetProperty("status").GetString());
        }

        // Read straight from the destination registry: the fallback tag sha256-<hex> is an OCI index naming the SBOM.
        using var http = new HttpClient { BaseAddress = mirror.BaseUri };
        var fallbackTag = registry.Digest10.Replace(':', '-');
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/signed/team/app/manifests/{fallbackTag}");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var entry = Assert.Single(index.GetProperty("manifests").EnumerateArray());
        Assert.Equal(sbom.Digest, entry.GetProperty("digest").GetString());
        Assert.Equal(Sbom, entry.GetProperty("artifactType").GetString());
        using var sbomThere = new HttpRequestMessage(HttpMethod.Head, $"v2/signed/team/app/manifests/{sbom.Digest}");
        sbomThere.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(sbomThere)).StatusCode);

        // Without the option the image goes alone.
        using var plain = new HttpRequestMessage(HttpMethod.Get, $"v2/plain/team/app/manifests/{fallbackTag}");
        plain.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(plain)).StatusCode);
    }
}
