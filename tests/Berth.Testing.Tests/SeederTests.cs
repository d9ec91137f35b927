using System.Diagnostics;
using System.Text.Json;
using Berth.Testing;
using Xunit.Abstractions;

namespace Berth.Testing.Tests;

public sealed class SeederTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Seeds_a_thousand_repositories_quickly_through_the_registry_api()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions());
        var clock = Stopwatch.StartNew();
        var names = await RegistrySeeder.SeedRepositoriesAsync(registry, 1000);
        clock.Stop();
        // Timing is reported, not asserted: the machine is shared and timed tests flake (benchmarks live in bench/).
        output.WriteLine($"seeded 1000 repositories in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(1000, names.Count);
        Assert.Equal("seed/repo-0000", names[0]);
        Assert.Equal("seed/repo-0999", names[^1]);
        using var client = registry.CreateHttpClient();
        using var catalog = await client.GetAsync("/v2/_catalog?n=1000");
        using var json = JsonDocument.Parse(await catalog.Content.ReadAsStringAsync());
        Assert.Equal(names, json.RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()));
        // Distribution 2.8 answers 404 for an OCI manifest unless the client accepts OCI.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/seed/repo-0500/manifests/latest");
        request.Headers.Accept.ParseAdd(TestImages.ManifestMediaType);
        using var manifest = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, manifest.StatusCode);
    }

    [Fact]
    public async Task Docker_schema2_push_converts_the_manifest_and_blob_data_path_points_at_the_stored_layer()
    {
        using var dir = new TempDirectory();
        var image = await TestImages.CreateAsync(dir.Path, "d", new TestImageSpec { LayerSize = 2048, Seed = 31 });
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions());

        var digest = await RegistrySeeder.PushAsDockerSchema2WithSkopeoAsync(image, registry, "conv/app", "1");

        Assert.NotEqual(image.Digest, digest);
        var raw = await Skopeo.InspectAsync($"docker://{registry.Host}/conv/app:1", raw: true);
        Assert.Equal(digest, TestImages.Sha256Digest(System.Text.Encoding.UTF8.GetBytes(raw)));
        using var manifest = JsonDocument.Parse(raw);
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", manifest.RootElement.GetProperty("mediaType").GetString());
        Assert.Equal("application/vnd.docker.container.image.v1+json", manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString());
        // skopeo keeps the gzip layer bytes, so the registry stores exactly the layout's blob.
        var layer = image.Layers[0].Digest;
        Assert.Equal(layer, manifest.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(image.BlobPath(layer)), await File.ReadAllBytesAsync(registry.BlobDataPath(layer)));

        using var multi = new TempDirectory();
        var index = await TestImages.CreateMultiPlatformAsync(multi.Path, "m", [TestPlatform.LinuxAmd64]);
        await Assert.ThrowsAsync<ArgumentException>(() => RegistrySeeder.PushAsDockerSchema2WithSkopeoAsync(index, registry, "conv/multi"));
    }

    [Fact]
    public async Task Http_push_of_a_layout_matches_what_skopeo_reads_and_works_with_token_auth()
    {
        using var dir = new TempDirectory();
        var multi = await TestImages.CreateMultiPlatformAsync(dir.Path, "m", [TestPlatform.LinuxAmd64, TestPlatform.LinuxArm64V8], new TestImageSpec { LayerCount = 2, LayerSize = 3000 });
        await using var issuer = await TokenIssuer.StartAsync(new TokenIssuerOptions
        {
            Users = new Dictionary<string, string> { ["ci"] = "ci-pw" },
            Grants = new Dictionary<string, IReadOnlyList<AccessGrant>> { ["ci"] = [new AccessGrant("*", "*")] },
        });
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { TokenIssuer = issuer, Tls = true });
        var ci = new RegistryCredentials("ci", "ci-pw");

        Assert.Equal(multi.Digest, await RegistrySeeder.PushWithHttpAsync(multi, registry, "http/multi", credentials: ci));
        Assert.Equal(multi.Digest, await Skopeo.InspectRawDigestAsync($"docker://{registry.Host}/http/multi:m", ci, certDirectory: registry.CertificateDirectory));
        var names = await RegistrySeeder.SeedRepositoriesAsync(registry, 3, "tok/", credentials: ci);
        Assert.Equal(["tok/0000", "tok/0001", "tok/0002"], names);
        Assert.True(issuer.TokenRequests > 0);
    }
}
