using System.Text.Json;
using Berth.Testing;

namespace Berth.Testing.Tests;

public sealed class SkopeoTests
{
    [Fact]
    public async Task Skopeo_pushes_single_and_multi_platform_layouts_digest_for_digest()
    {
        using var dir = new TempDirectory();
        var single = await TestImages.CreateAsync(dir.Path, "single", new TestImageSpec
        {
            LayerCount = 2,
            LayerSize = 100_000,
            Labels = new Dictionary<string, string> { ["purpose"] = "self-test" },
        });
        var multi = await TestImages.CreateMultiPlatformAsync(dir.Path, "multi", [TestPlatform.LinuxAmd64, TestPlatform.LinuxArm64V8]);
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions());

        Assert.Equal(single.Digest, await RegistrySeeder.PushWithSkopeoAsync(single, registry, "team/single"));
        Assert.Equal(multi.Digest, await RegistrySeeder.PushWithSkopeoAsync(multi, registry, "team/multi", "v2"));

        // Digests checked independently of the seeder, over plain HTTP.
        using var client = registry.CreateHttpClient();
        foreach (var (repository, reference, image) in new[] { ("team/single", "single", single), ("team/multi", "v2", multi), ("team/multi", multi.Manifests[1].Digest, multi.Manifests[1]) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
            request.Headers.Accept.ParseAdd(TestImages.ManifestMediaType);
            request.Headers.Accept.ParseAdd(TestImages.IndexMediaType);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            Assert.Equal(image.Digest, response.Headers.GetValues("Docker-Content-Digest").Single());
            Assert.Equal(image.MediaType, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(image.ManifestBytes, await response.Content.ReadAsByteArrayAsync());
        }

        var inspected = await Skopeo.InspectAsync($"docker://{registry.Host}/team/single:single");
        using var json = JsonDocument.Parse(inspected);
        Assert.Equal("amd64", json.RootElement.GetProperty("Architecture").GetString());
        Assert.Equal("self-test", json.RootElement.GetProperty("Labels").GetProperty("purpose").GetString());
        Assert.Equal(single.Layers.Select(l => l.Digest), json.RootElement.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));

        Assert.Equal(["v2"], await Skopeo.ListTagsAsync($"docker://{registry.Host}/team/multi"));
        var failed = await Assert.ThrowsAsync<SkopeoException>(() => Skopeo.InspectAsync($"docker://{registry.Host}/team/missing:nope"));
        Assert.NotEqual(0, failed.Result!.ExitCode);
    }

    [Fact]
    public async Task Skopeo_reaches_a_tls_htpasswd_registry_with_the_ca_and_credentials()
    {
        using var dir = new TempDirectory();
        var image = await TestImages.CreateAsync(dir.Path, "1.0", new TestImageSpec { LayerSize = 2048 });
        var alice = new RegistryCredentials("alice", "pa55-word");
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions
        {
            Tls = true,
            HtpasswdUsers = new Dictionary<string, string> { [alice.Username] = alice.Password },
        });

        Assert.Equal(image.Digest, await RegistrySeeder.PushWithSkopeoAsync(image, registry, "secure/app", credentials: alice));
        Assert.Equal(["1.0"], await Skopeo.ListTagsAsync($"docker://{registry.Host}/secure/app", alice, certDirectory: registry.CertificateDirectory));

        // Verifying TLS without the CA fails; without credentials fails.
        var noCa = await Skopeo.RunAsync(["inspect", "--raw", "--tls-verify=true", "--no-creds", $"docker://{registry.Host}/secure/app:1.0"], TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, noCa.ExitCode);
        Assert.Contains("certificate", noCa.Stderr, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<SkopeoException>(() => Skopeo.InspectAsync($"docker://{registry.Host}/secure/app:1.0", certDirectory: registry.CertificateDirectory));
        Assert.DoesNotContain(alice.Password, alice.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skopeo_push_through_token_auth_follows_the_acl()
    {
        using var dir = new TempDirectory();
        var image = await TestImages.CreateAsync(dir.Path, "t", new TestImageSpec { LayerSize = 1024 });
        await using var issuer = await TokenIssuer.StartAsync(new TokenIssuerOptions
        {
            Users = new Dictionary<string, string> { ["reader"] = "r", ["writer"] = "w" },
            Grants = new Dictionary<string, IReadOnlyList<AccessGrant>>
            {
                ["reader"] = [new AccessGrant("*", "pull")],
                ["writer"] = [new AccessGrant("*", "pull", "push")],
            },
        });
        await using var registry = await RegistryServer.StartAsync(new RegistryOptions { TokenIssuer = issuer });

        await Assert.ThrowsAsync<SkopeoException>(() =>
            RegistrySeeder.PushWithSkopeoAsync(image, registry, "acl/app", credentials: new RegistryCredentials("reader", "r")));
        Assert.Equal(image.Digest, await RegistrySeeder.PushWithSkopeoAsync(image, registry, "acl/app", credentials: new RegistryCredentials("writer", "w")));
        Assert.Equal(image.Digest, await Skopeo.InspectRawDigestAsync($"docker://{registry.Host}/acl/app:t", new RegistryCredentials("reader", "r")));
        Assert.Contains("repository:acl/app:pull,push", issuer.RequestedScopes);
    }
}
