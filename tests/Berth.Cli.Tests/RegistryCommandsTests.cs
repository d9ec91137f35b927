using System.Text.Json;
using Berth.Testing;

namespace Berth.Cli.Tests;

/// <summary>Real registries for the CLI's registry commands.</summary>
public sealed class CliRegistryWorld : IAsyncLifetime
{
    public const string Password = "alice-s3cret-pw-5521";

    private readonly TempDirectory _temp = new("berth-cli-it");

    public RegistryServer Open { get; private set; } = null!;

    public RegistryServer Private { get; private set; } = null!;

    public RegistryServer Tls { get; private set; } = null!;

    public PagingProxy Paging { get; private set; } = null!;

    public OciLayoutImage Image { get; private set; } = null!;

    public OciLayoutImage Index { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Image = await TestImages.CreateAsync(_temp.Combine("img"), "1.0", new TestImageSpec
        {
            LayerCount = 2,
            LayerSize = 50_000,
            Labels = new Dictionary<string, string> { ["maintainer"] = "berth" },
        });
        Index = await TestImages.CreateMultiPlatformAsync(_temp.Combine("idx"), "1.0", [TestPlatform.LinuxAmd64, TestPlatform.LinuxArm64V8]);
        var servers = await Task.WhenAll(
            RegistryServer.StartAsync(new RegistryOptions()),
            RegistryServer.StartAsync(new RegistryOptions { HtpasswdUsers = new Dictionary<string, string> { ["alice"] = Password } }),
            RegistryServer.StartAsync(new RegistryOptions { Tls = true }));
        (Open, Private, Tls) = (servers[0], servers[1], servers[2]);
        await Task.WhenAll(
            RegistrySeeder.PushWithSkopeoAsync(Image, Open, "team/app", "1.0"),
            RegistrySeeder.PushWithSkopeoAsync(Index, Open, "team/multi", "1.0"),
            RegistrySeeder.PushWithSkopeoAsync(Image, Private, "team/app", "1.0", new RegistryCredentials("alice", Password)),
            RegistrySeeder.PushWithHttpAsync(Image, Tls, "team/app", "1.0"),
            RegistrySeeder.SeedTagsAsync(Open, "team/many", 45));
        Paging = await PagingProxy.StartAsync(Open, new PagingProxyOptions { PageSize = 7 });
    }

    public async Task DisposeAsync()
    {
        await Paging.DisposeAsync();
        await Open.DisposeAsync();
        await Private.DisposeAsync();
        await Tls.DisposeAsync();
        _temp.Dispose();
    }
}

public sealed class RegistryCommandsTests(CliRegistryWorld world) : IClassFixture<CliRegistryWorld>
{
    [Fact]
    public async Task Inspect_matches_skopeo_digest_and_shows_layers_size_created_labels()
    {
        var skopeo = JsonDocument.Parse(await Skopeo.InspectAsync($"docker://{world.Open.Host}/team/app:1.0"));
        var (code, stdout, stderr) = await CliRunner.RunAsync("inspect", $"{world.Open.Host}/team/app:1.0", "--output", "json");

        Assert.True(code == 0, stderr);
        var berth = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(skopeo.RootElement.GetProperty("Digest").GetString(), berth.GetProperty("digest").GetString());
        Assert.Equal(world.Image.Digest, berth.GetProperty("digest").GetString());
        Assert.Equal($"{world.Open.Host}/team/app", berth.GetProperty("name").GetString());
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", berth.GetProperty("mediaType").GetString());
        var layers = berth.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(world.Image.Layers.Select(l => l.Digest), layers.Select(l => l.GetProperty("digest").GetString()));
        Assert.Equal(world.Image.Layers.Select(l => l.Size), layers.Select(l => l.GetProperty("size").GetInt64()));
        Assert.Equal(world.Image.Config!.Size + world.Image.Layers.Sum(l => l.Size), berth.GetProperty("size").GetInt64());
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), berth.GetProperty("created").GetDateTimeOffset());
        Assert.Equal("berth", berth.GetProperty("labels").GetProperty("maintainer").GetString());
        Assert.Equal("linux", berth.GetProperty("os").GetString());
        Assert.Equal("amd64", berth.GetProperty("architecture").GetString());
    }

    [Fact]
    public async Task Inspect_of_an_index_lists_platforms_and_platform_flag_picks_one()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("inspect", $"{world.Open.Host}/team/multi:1.0", "--output", "json");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(world.Index.Digest, root.GetProperty("digest").GetString());
        Assert.Equal(["linux/amd64", "linux/arm64/v8"], root.GetProperty("platforms").EnumerateArray()
            .Select(p => $"{p.GetProperty("os").GetString()}/{p.GetProperty("architecture").GetString()}" +
                (p.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? "/" + v.GetString() : "")));

        var arm = await CliRunner.RunAsync("inspect", $"{world.Open.Host}/team/multi:1.0", "--platform", "linux/arm64", "--output", "json");
        Assert.True(arm.Code == 0, arm.Stderr);
        var image = JsonDocument.Parse(arm.Stdout).RootElement;
        Assert.Equal(world.Index.Manifests[1].Digest, image.GetProperty("digest").GetString());
        Assert.Equal("arm64", image.GetProperty("architecture").GetString());

        var table = await CliRunner.RunAsync("inspect", $"{world.Open.Host}/team/multi:1.0");
        Assert.Contains("linux/arm64/v8", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(world.Index.Manifests[0].Digest, table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_reads_every_page_through_a_paging_registry()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("tags", $"{world.Paging.Host}/team/many");
        Assert.True(code == 0, stderr);
        var tags = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(45, tags.Length);
        Assert.Equal(45, tags.Distinct().Count());

        var json = await CliRunner.RunAsync("tags", $"{world.Paging.Host}/team/many", "--output", "json");
        var root = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(45, root.GetProperty("tags").GetArrayLength());
        Assert.Equal($"{world.Paging.Host}/team/many", root.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Catalog_lists_repositories()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("catalog", world.Paging.Host, "--output", "json");
        Assert.True(code == 0, stderr);
        var repos = JsonDocument.Parse(stdout).RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["team/app", "team/many", "team/multi"], repos);
    }

    [Fact]
    public async Task Password_from_stdin_works_and_a_wrong_one_names_registry_and_401_without_echoing_it()
    {
        var ok = await CliRunner.RunWithInputAsync(CliRegistryWorld.Password + "\n", "tags", $"{world.Private.Host}/team/app", "--username", "alice", "--password-stdin");
        Assert.True(ok.Code == 0, ok.Stderr);
        Assert.Equal("1.0", ok.Stdout.Trim());

        var bad = await CliRunner.RunWithInputAsync("wrong-pass-998877", "tags", $"{world.Private.Host}/team/app", "--username", "alice", "--password-stdin");
        Assert.Equal(1, bad.Code);
        Assert.Contains(world.Private.Host, bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("401", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("UNAUTHORIZED", bad.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pass-998877", bad.Stderr + bad.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(CliRegistryWorld.Password, ok.Stderr + ok.Stdout, StringComparison.Ordinal);

        var anonymous = await CliRunner.RunAsync("inspect", $"{world.Private.Host}/team/app:1.0");
        Assert.Equal(1, anonymous.Code);
        Assert.Contains("none were sent", anonymous.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", anonymous.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_name_the_cause_with_exit_codes()
    {
        var missing = await CliRunner.RunAsync("inspect", $"{world.Open.Host}/team/app:nope");
        Assert.Equal(1, missing.Code);
        Assert.Contains("MANIFEST_UNKNOWN", missing.Stderr, StringComparison.Ordinal);

        var unknownRepo = await CliRunner.RunAsync("tags", $"{world.Open.Host}/no/such");
        Assert.Equal(1, unknownRepo.Code);
        Assert.Contains("NAME_UNKNOWN", unknownRepo.Stderr, StringComparison.Ordinal);

        var port = PortAllocator.GetFreePort();
        var refused = await CliRunner.RunAsync("tags", $"127.0.0.1:{port}/a/b");
        Assert.Equal(1, refused.Code);
        Assert.Equal($"berth: cannot reach registry 127.0.0.1:{port}: connection refused", refused.Stderr.Trim());

        var invalid = await CliRunner.RunAsync("inspect", "Upper/Case");
        Assert.Equal(2, invalid.Code);
        Assert.Contains("must be lowercase", invalid.Stderr, StringComparison.Ordinal);

        var usage = await CliRunner.RunAsync("tags", "a/b", "--password-stdin");
        Assert.Equal(2, usage.Code);
        Assert.Contains("--username", usage.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_registry_fails_clearly_without_its_ca_and_works_with_ca_file_or_insecure()
    {
        var untrusted = await CliRunner.RunAsync("tags", $"{world.Tls.Host}/team/app");
        Assert.Equal(1, untrusted.Code);
        Assert.Contains("TLS", untrusted.Stderr, StringComparison.Ordinal);
        Assert.Contains(world.Tls.Host, untrusted.Stderr, StringComparison.Ordinal);

        var withCa = await CliRunner.RunAsync("tags", $"{world.Tls.Host}/team/app", "--ca-file", world.Tls.CaCertificatePath!);
        Assert.True(withCa.Code == 0, withCa.Stderr);
        Assert.Equal("1.0", withCa.Stdout.Trim());

        var insecure = await CliRunner.RunAsync("inspect", $"{world.Tls.Host}/team/app:1.0", "--insecure", "--output", "json");
        Assert.True(insecure.Code == 0, insecure.Stderr);
        Assert.Equal(world.Image.Digest, JsonDocument.Parse(insecure.Stdout).RootElement.GetProperty("digest").GetString());
    }
}
